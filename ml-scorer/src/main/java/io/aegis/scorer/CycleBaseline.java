package io.aegis.scorer;

import io.aegis.proto.v1.TorqueSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule-based baseline's state and verdicts. Samples that carry a {@code tightening_id} are judged per tightening
 * cycle against the station's completed cycles; samples without one get the per-sample rolling z-score.
 *
 * <p>Per station it keeps the peak (final) torque of the last {@code cycleHistory} completed cycles. The expected
 * peak is their median and the spread is 1.4826 times their median absolute deviation (the normal-consistent
 * estimate of the standard deviation), but at least {@code minSpreadShare} of the expected peak, or
 * {@code priorSpreadShare} while the station has fewer than {@code priorCycles} completed cycles. Once
 * {@code recentCycles + minCycles} cycles are known, the last {@code recentCycles} are left out of the expected
 * peak so that a drift does not hide in its own baseline. A deviation {@code z = (torque - expected) / spread} is
 * mapped to a score as {@code erf(|z| / sqrt(2))}, the same mapping as {@link ZScoreScorer}, so the default alert
 * threshold 0.9999 means |z| of about 3.89. Three rules produce verdicts:
 *
 * <ul>
 *   <li>{@code over-torque}: every sample of a cycle is scored on its positive deviation from the expected peak, so
 *       an overshoot alerts at the first sample beyond the threshold, before the cycle ends;
 *   <li>{@code under-torque}: when a cycle completes (the next sample has another or no tightening id), its peak is
 *       scored on its negative deviation; the verdict's trigger is the cycle's peak sample;
 *   <li>{@code drift}: when a cycle completes, the median peak of the last {@code recentCycles} cycles that were
 *       within tolerance themselves (their peak scored below {@link #alertThreshold()} in both directions, so
 *       single faulty cycles are left to the two rules above) is scored against the expected peak with spread
 *       {@code spread / sqrt(recentCycles)}. After a drift verdict at or above the alert threshold, the next one
 *       waits until the recent median has come back below it, so one drift raises one alert.
 * </ul>
 *
 * <p>A cycle with a gap in its sequence numbers (up to and including the sample that completes it) may lack its
 * final torque, for example when a reordered batch was dropped as a repeat, so it gets no under-torque verdict and
 * does not enter the history. Sources without sequence numbers (seq 0) are taken as complete.
 *
 * <p>Not thread-safe: the scoring thread owns it, and samples of a station must arrive in stream order.
 */
final class CycleBaseline {

    static final String OVER_TORQUE = "over-torque";
    static final String UNDER_TORQUE = "under-torque";
    static final String DRIFT = "drift";
    static final String SPIKE = "spike";

    /** Median absolute deviation times this estimates the standard deviation of normally distributed values. */
    private static final double MAD_TO_STD = 1.4826;

    /** Smallest spread in Nm, so a station whose peaks are all equal does not divide by zero. */
    private static final double MIN_SPREAD_NM = 1e-3;

    /**
     * Tuning of the cycle rules.
     *
     * @param cycleHistory completed cycles per station whose peaks form the expected peak
     * @param minCycles completed cycles a station needs before its cycles are judged
     * @param priorCycles completed cycles below which the wider {@code priorSpreadShare} applies
     * @param priorSpreadShare smallest spread, as a share of the expected peak, while the station is new
     * @param minSpreadShare smallest spread, as a share of the expected peak, afterwards
     * @param recentCycles cycles whose median peak is compared with the expected peak by the drift rule
     */
    record Settings(
            int cycleHistory,
            int minCycles,
            int priorCycles,
            double priorSpreadShare,
            double minSpreadShare,
            int recentCycles) {

        static final Settings DEFAULTS = new Settings(64, 3, 16, 0.04, 0.02, 5);

        Settings {
            require(minCycles >= 1, "min-cycles", minCycles, "must be at least 1");
            require(recentCycles >= 1, "recent-cycles", recentCycles, "must be at least 1");
            require(
                    cycleHistory >= minCycles + recentCycles,
                    "cycle-history",
                    cycleHistory,
                    "must be at least min-cycles + recent-cycles (" + (minCycles + recentCycles) + ")");
            require(priorCycles >= minCycles, "prior-cycles", priorCycles, "must be at least min-cycles");
            require(minSpreadShare > 0 && minSpreadShare < 1, "min-spread-share", minSpreadShare, "must be in (0, 1)");
            require(
                    priorSpreadShare >= minSpreadShare && priorSpreadShare < 1,
                    "prior-spread-share",
                    priorSpreadShare,
                    "must be in [min-spread-share, 1)");
        }

        private static void require(boolean condition, String key, Object value, String rule) {
            if (!condition) {
                throw new IllegalArgumentException(
                        "aegis.scorer.baseline." + key + " '" + value + "' is invalid: " + rule);
            }
        }
    }

    /**
     * One scored sample.
     *
     * @param sample the sample the verdict is about: the scored sample, or the completed cycle's peak sample
     * @param rule {@link #OVER_TORQUE}, {@link #UNDER_TORQUE}, {@link #DRIFT} or {@link #SPIKE}
     * @param score 0..1
     * @param features values behind the verdict, for the alert
     */
    record Verdict(TorqueSample sample, String rule, double score, Map<String, Double> features) {}

    /**
     * Result of one sample: its verdicts, whether it was skipped for warm-up, and whether it completed a cycle whose
     * sequence numbers had a gap.
     */
    record Outcome(List<Verdict> verdicts, boolean warmingUp, boolean incompleteCycle) {}

    private final FeatureSpec spec;
    private final Settings settings;
    private final double alertThreshold;
    private final Map<String, Station> stations = new HashMap<>();

    CycleBaseline(FeatureSpec spec, Settings settings, double alertThreshold) {
        this.spec = spec;
        this.settings = settings;
        this.alertThreshold = alertThreshold;
    }

    double alertThreshold() {
        return alertThreshold;
    }

    /** Adds a valid, non-repeated sample to its station's state and returns the verdicts it produces. */
    Outcome next(TorqueSample sample) {
        Station station = stations.computeIfAbsent(sample.getStationId(), id -> new Station(spec, settings));
        List<Verdict> verdicts = new ArrayList<>(2);
        boolean incomplete = false;
        String id = sample.getTighteningId();
        if (station.cycle != null && !id.equals(station.cycle.id)) {
            incomplete = !station.complete(sample, verdicts, alertThreshold);
        }
        if (id.isEmpty()) {
            boolean warmingUp = !station.spike(sample, verdicts);
            return new Outcome(verdicts, warmingUp, incomplete);
        }
        if (station.cycle == null) {
            station.cycle = new Cycle(id, sample);
        } else {
            station.cycle.add(sample);
        }
        boolean warmingUp = !station.overTorque(sample, verdicts);
        return new Outcome(verdicts, warmingUp, incomplete);
    }

    /** Completed cycles known for a station, for tests. */
    int completedCycles(String stationId) {
        Station station = stations.get(stationId);
        return station == null ? 0 : station.peakCount;
    }

    /** Returns the alert feature that names the rule, such as {@code rule_over_torque} = 1. */
    static String ruleFeature(String rule) {
        return "rule_" + rule.replace('-', '_');
    }

    static double scoreOf(double z) {
        return ZScoreScorer.scoreOf(z);
    }

    /** The tightening cycle in progress at a station. */
    private static final class Cycle {
        final String id;
        TorqueSample peak;
        long lastSeq;
        boolean gap;

        Cycle(String id, TorqueSample first) {
            this.id = id;
            this.peak = first;
            this.lastSeq = first.getSeq();
        }

        void add(TorqueSample sample) {
            gap |= !follows(sample);
            lastSeq = sample.getSeq();
            if (sample.getTorque() > peak.getTorque()) {
                peak = sample;
            }
        }

        boolean follows(TorqueSample sample) {
            return sample.getSeq() == 0 || lastSeq == 0 || sample.getSeq() == lastSeq + 1;
        }
    }

    /** Expected peak and spread derived from a station's completed cycles. */
    private record Expectation(double peak, double spread, int cycles) {}

    private static final class Station {
        private final FeatureSpec spec;
        private final Settings settings;
        private final double[] peaks;
        private final boolean[] withinTolerance;
        private final double[] untagged;
        private int peakCount;
        private int peakNext;
        private int untaggedCount;
        private int untaggedNext;
        private boolean drifting;
        private Expectation expectation;
        Cycle cycle;

        Station(FeatureSpec spec, Settings settings) {
            this.spec = spec;
            this.settings = settings;
            this.peaks = new double[settings.cycleHistory()];
            this.withinTolerance = new boolean[settings.cycleHistory()];
            this.untagged = new double[spec.windowSize()];
        }

        /** Scores a tightening sample's overshoot; returns false while the station has too few completed cycles. */
        boolean overTorque(TorqueSample sample, List<Verdict> verdicts) {
            Expectation expected = expectation();
            if (expected == null) {
                return false;
            }
            double z = Math.max(0.0, (sample.getTorque() - expected.peak) / expected.spread);
            verdicts.add(verdict(sample, OVER_TORQUE, z, expected, cycle.peak.getTorque()));
            return true;
        }

        /**
         * Closes the cycle in progress because {@code next} does not belong to it. Returns false when the cycle has a
         * gap in its sequence numbers and so was neither judged nor added to the history.
         */
        boolean complete(TorqueSample next, List<Verdict> verdicts, double alertThreshold) {
            Cycle done = cycle;
            cycle = null;
            if (done.gap || !done.follows(next)) {
                return false;
            }
            TorqueSample peakSample = done.peak;
            double peak = peakSample.getTorque();
            Expectation expected = expectation();
            boolean tolerated = true;
            if (expected != null) {
                double z = (peak - expected.peak) / expected.spread;
                tolerated = scoreOf(z) < alertThreshold;
                verdicts.add(verdict(peakSample, UNDER_TORQUE, Math.min(0.0, z), expected, peak));
            }
            peaks[peakNext] = peak;
            withinTolerance[peakNext] = tolerated;
            peakNext = (peakNext + 1) % peaks.length;
            peakCount = Math.min(peakCount + 1, peaks.length);
            expectation = null;
            drift(peakSample, verdicts, alertThreshold);
            return true;
        }

        private void drift(TorqueSample peakSample, List<Verdict> verdicts, double alertThreshold) {
            int recent = settings.recentCycles();
            if (peakCount < settings.priorCycles() + recent) {
                return;
            }
            double[] recentPeaks = latestWithinTolerance(recent);
            if (recentPeaks == null) {
                return;
            }
            Expectation expected = expectation();
            double recentMedian = median(recentPeaks);
            double z = (recentMedian - expected.peak) / (expected.spread / Math.sqrt(recent));
            double score = scoreOf(z);
            if (drifting && score >= alertThreshold) {
                return;
            }
            drifting = score >= alertThreshold;
            Verdict verdict = verdict(peakSample, DRIFT, z, expected, peakSample.getTorque());
            verdict.features().put("recent_median_peak_torque_nm", recentMedian);
            verdicts.add(verdict);
        }

        /** Scores a sample without tightening id against the station's other such samples. */
        boolean spike(TorqueSample sample, List<Verdict> verdicts) {
            double torque = sample.getTorque();
            boolean scored = untaggedCount >= spec.minSamples();
            if (scored) {
                double mean = 0.0;
                for (int i = 0; i < untaggedCount; i++) {
                    mean += untagged[i];
                }
                mean /= untaggedCount;
                double sum = 0.0;
                for (int i = 0; i < untaggedCount; i++) {
                    sum += (untagged[i] - mean) * (untagged[i] - mean);
                }
                double std = Math.sqrt(sum / untaggedCount);
                double z = (torque - mean) / Math.max(std, spec.minStdNm());
                Map<String, Double> features = new LinkedHashMap<>();
                features.put(FeatureSpec.TORQUE, torque);
                features.put(FeatureSpec.ROLLING_MEAN, mean);
                features.put(FeatureSpec.ROLLING_STD, std);
                features.put(FeatureSpec.Z_SCORE, z);
                features.put(ruleFeature(SPIKE), 1.0);
                verdicts.add(new Verdict(sample, SPIKE, scoreOf(z), features));
            }
            untagged[untaggedNext] = torque;
            untaggedNext = (untaggedNext + 1) % untagged.length;
            untaggedCount = Math.min(untaggedCount + 1, untagged.length);
            return scored;
        }

        /** Returns the expected peak and spread, or null while the station has fewer than minCycles cycles. */
        private Expectation expectation() {
            if (peakCount < settings.minCycles()) {
                return null;
            }
            if (expectation == null) {
                expectation = computeExpectation();
            }
            return expectation;
        }

        private Expectation computeExpectation() {
            int recent = settings.recentCycles();
            int baseCount = peakCount >= settings.minCycles() + recent ? peakCount - recent : peakCount;
            double[] base = oldest(baseCount);
            double median = median(base);
            double[] deviations = new double[base.length];
            for (int i = 0; i < base.length; i++) {
                deviations[i] = Math.abs(base[i] - median);
            }
            double share = peakCount < settings.priorCycles() ? settings.priorSpreadShare() : settings.minSpreadShare();
            double spread =
                    Math.max(MAD_TO_STD * median(deviations), Math.max(share * Math.abs(median), MIN_SPREAD_NM));
            return new Expectation(median, spread, peakCount);
        }

        /** Returns the {@code n} oldest peaks of the history. */
        private double[] oldest(int n) {
            double[] values = new double[n];
            int first = peakCount < peaks.length ? 0 : peakNext;
            for (int i = 0; i < n; i++) {
                values[i] = peaks[(first + i) % peaks.length];
            }
            return values;
        }

        /** Returns the {@code n} most recent peaks that were within tolerance, or null if the history has fewer. */
        private double[] latestWithinTolerance(int n) {
            double[] values = new double[n];
            int found = 0;
            for (int i = 0; i < peakCount && found < n; i++) {
                int index = Math.floorMod(peakNext - 1 - i, peaks.length);
                if (withinTolerance[index]) {
                    values[found++] = peaks[index];
                }
            }
            return found == n ? values : null;
        }

        private static Verdict verdict(TorqueSample sample, String rule, double z, Expectation expected, double peak) {
            Map<String, Double> features = new LinkedHashMap<>();
            features.put(FeatureSpec.TORQUE, sample.getTorque());
            features.put(FeatureSpec.TIGHTENING_PEAK, peak);
            features.put("expected_peak_torque_nm", expected.peak);
            features.put("peak_spread_nm", expected.spread);
            features.put("peak_deviation_z", z);
            features.put("completed_cycles", (double) expected.cycles);
            features.put(ruleFeature(rule), 1.0);
            return new Verdict(sample, rule, scoreOf(z), features);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        }
    }
}
