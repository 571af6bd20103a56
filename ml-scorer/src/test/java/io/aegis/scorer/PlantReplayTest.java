package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.contract.SampleValidator;
import io.aegis.edge.sim.GroundTruthRecord;
import io.aegis.edge.sim.PlantSimulation;
import io.aegis.edge.sim.SimulationSink;
import io.aegis.edge.sim.SimulatorProperties;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.WorkOrderCommand;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the edge-bridge plant simulator in-process (no NATS) through the scorer's validation, repeat filter and
 * baseline, and checks the baseline against the simulator's ground truth: injected over- and under-torque cycles,
 * steering faults and station drifts. The stream includes the simulator's station faults (clock offsets, gateway
 * outages, duplicates, reordered batches), so the baseline sees what a live run sends.
 */
class PlantReplayTest {

    /** Stated limit: alerted normal cycles per 1,000 tightenings. */
    private static final double MAX_FALSE_ALARMS_PER_1000 = 2.0;

    /** Stated limit: share of injected over-torque and of injected under-torque cycles that must alert. */
    private static final double MIN_RECALL = 0.95;

    private static final Logger log = LoggerFactory.getLogger(PlantReplayTest.class);

    @Test
    void baselineFindsInjectedCyclesWithFewFalseAlarms() throws Exception {
        // Four times the simulator's default over- and under-torque rates (0.01 each), so that 30 simulated minutes
        // hold enough of them; -Daegis.replay.* reruns the measurement with other settings.
        double faultRate = Double.parseDouble(System.getProperty("aegis.replay.fault-rate", "0.04"));
        Run run = simulate(
                Duration.ofMinutes(Integer.getInteger("aegis.replay.minutes", 30)),
                Integer.getInteger("aegis.replay.rate-hz", 50),
                faultRate,
                faultRate);

        Tally cycles = replayCycleBaseline(run);
        Tally perSample = replayPerSampleZScore(run);

        log.info("plant replay, per-sample z-score (baseline version 1): {}", perSample.describe(run));
        log.info("plant replay, cycle baseline (version 2): {}", cycles.describe(run));
        assertThat(run.count("normal")).isGreaterThan(1000);
        assertThat((double) run.count("over-torque")).isGreaterThan(run.count("normal") * faultRate / 3);
        assertThat((double) run.count("under-torque")).isGreaterThan(run.count("normal") * faultRate / 3);
        assertThat(cycles.falseAlarmsPer1000(run)).isLessThanOrEqualTo(MAX_FALSE_ALARMS_PER_1000);
        assertThat(cycles.recall(run, "over-torque")).isGreaterThanOrEqualTo(MIN_RECALL);
        assertThat(cycles.recall(run, "under-torque")).isGreaterThanOrEqualTo(MIN_RECALL);
        assertThat(cycles.untaggedAlerts).isZero();
    }

    /** Ground truth and stream of one simulated run. */
    static final class Run {
        final List<TorqueSample> samples = new ArrayList<>();
        final Map<String, String> kindByTightening = new LinkedHashMap<>();
        final Map<String, TighteningResult> results = new HashMap<>();
        final List<Map<String, Object>> stationFaults = new ArrayList<>();

        long count(String kind) {
            return kindByTightening.values().stream().filter(kind::equals).count();
        }

        /** Classifies every completed tightening by the ground truth; call once after the run. */
        void classify(Map<String, String> injected) {
            for (TighteningResult result : results.values()) {
                String kind = injected.getOrDefault(result.getTighteningId(), "normal");
                if (kind.equals("normal")) {
                    kind = stationFaultAt(result, "steering", "drift");
                }
                kindByTightening.put(result.getTighteningId(), kind);
            }
        }

        private String stationFaultAt(TighteningResult result, String... kinds) {
            for (Map<String, Object> fault : stationFaults) {
                if (overlaps(result, fault) && List.of(kinds).contains((String) fault.get("fault"))) {
                    return (String) fault.get("fault");
                }
            }
            return "normal";
        }

        /** Returns whether the cycle ran at the fault's station while the fault lasted. */
        boolean overlaps(TighteningResult result, Map<String, Object> fault) {
            long start = result.getTimestamp() - result.getDurationMs();
            return result.getStationId().equals(fault.get("station_id"))
                    && start <= ((Number) fault.get("end")).longValue()
                    && result.getTimestamp() >= ((Number) fault.get("start")).longValue();
        }
    }

    /** Alerts counted per tightening and after merging. */
    static final class Tally {
        final Set<String> alertedTightenings = new HashSet<>();
        final Map<String, Integer> alertsByRule = new HashMap<>();
        int mergedAlerts;
        int untaggedAlerts;
        int samples;

        double falseAlarmsPer1000(Run run) {
            long normalAlerted = alertedTightenings.stream()
                    .filter(id -> "normal".equals(run.kindByTightening.get(id)))
                    .count();
            return 1000.0 * normalAlerted / run.kindByTightening.size();
        }

        double recall(Run run, String kind) {
            long total = run.count(kind);
            long alerted = run.kindByTightening.entrySet().stream()
                    .filter(e -> e.getValue().equals(kind) && alertedTightenings.contains(e.getKey()))
                    .count();
            return total == 0 ? Double.NaN : (double) alerted / total;
        }

        /** Returns how many drift faults had at least one alerted cycle at their station while they lasted. */
        long driftsAlerted(Run run) {
            return run.stationFaults.stream()
                    .filter(fault -> fault.get("fault").equals("drift"))
                    .filter(fault -> run.kindByTightening.entrySet().stream()
                            .anyMatch(e -> e.getValue().equals("drift")
                                    && alertedTightenings.contains(e.getKey())
                                    && run.overlaps(run.results.get(e.getKey()), fault)))
                    .count();
        }

        String describe(Run run) {
            return String.format(
                    "%d samples, %d tightenings (%d normal, %d over-torque, %d under-torque, %d steering, %d in a drift);"
                            + " false alarms %.2f per 1,000 tightenings; recall over-torque %.3f, under-torque %.3f,"
                            + " steering %.3f, drift cycles %.3f (drifts alerted %d of %d); %d alerts after merging, %d on samples without"
                            + " tightening id, by rule %s",
                    samples,
                    run.kindByTightening.size(),
                    run.count("normal"),
                    run.count("over-torque"),
                    run.count("under-torque"),
                    run.count("steering"),
                    run.count("drift"),
                    falseAlarmsPer1000(run),
                    recall(run, "over-torque"),
                    recall(run, "under-torque"),
                    recall(run, "steering"),
                    recall(run, "drift"),
                    driftsAlerted(run),
                    run.stationFaults.stream()
                            .filter(fault -> fault.get("fault").equals("drift"))
                            .count(),
                    mergedAlerts,
                    untaggedAlerts,
                    alertsByRule);
        }
    }

    /** Runs the simulator without pacing and collects its stream and ground truth. */
    static Run simulate(Duration duration, int rateHz, double overTorqueRate, double underTorqueRate)
            throws InterruptedException {
        SimulatorProperties.Faults faults = new SimulatorProperties.Faults(
                true,
                overTorqueRate,
                underTorqueRate,
                "v2.1.4",
                0.3,
                0.4,
                0.03,
                "5",
                0.8,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(3),
                Duration.ofSeconds(30));
        Instant start = Instant.parse("2026-01-05T06:00:00Z");
        SimulatorProperties properties = new SimulatorProperties(
                true,
                6,
                rateHz,
                42,
                Duration.ofSeconds(20),
                Duration.ofMillis(10),
                start,
                false,
                duration,
                4,
                "2",
                "EPS",
                List.of("v2.1.3", "v2.1.4"),
                "AEGIS-SEDAN",
                "unused",
                faults);
        Run run = new Run();
        Map<String, String> injected = new HashMap<>();
        SimulationSink sink = new SimulationSink() {
            @Override
            public void telemetry(TelemetryBatch batch) {
                run.samples.addAll(batch.getSamplesList());
            }

            @Override
            public void tightening(TighteningResult result) {
                run.results.put(result.getTighteningId(), result);
            }

            @Override
            public void command(WorkOrderCommand command) {}

            @Override
            public void groundTruth(GroundTruthRecord record) {
                if (!record.file().equals(GroundTruthRecord.FAULTS)) {
                    return;
                }
                Map<String, Object> fields = record.fields();
                if (fields.containsKey("tightening_id")) {
                    injected.put(
                            (String) fields.get("tightening_id"), ((String) fields.get("fault")).replace('_', '-'));
                } else {
                    run.stationFaults.add(fields);
                }
            }
        };
        PlantSimulation simulation = new PlantSimulation(properties);
        simulation.advanceTo(start.plus(duration).toEpochMilli(), sink);
        simulation.flush(sink);
        run.classify(injected);
        return run;
    }

    /** The baseline as the pipeline runs it: validation, repeat filter, cycle rules, alert merging. */
    static Tally replayCycleBaseline(Run run) throws IOException {
        Tally tally = new Tally();
        CycleBaseline baseline = new CycleBaseline(
                FeatureExtractorTest.spec(), CycleBaseline.Settings.DEFAULTS, ZScoreScorer.ALERT_THRESHOLD);
        AlertMerger merger = merger(tally);
        RepeatFilter repeats = new RepeatFilter();
        for (TorqueSample sample : run.samples) {
            if (SampleValidator.check(sample).isPresent() || repeats.isRepeat(sample)) {
                continue;
            }
            tally.samples++;
            boolean alertedItself = false;
            for (CycleBaseline.Verdict verdict : baseline.next(sample).verdicts()) {
                if (verdict.score() < ZScoreScorer.ALERT_THRESHOLD) {
                    continue;
                }
                alertedItself |= verdict.sample() == sample;
                tally.alertsByRule.merge(verdict.rule(), 1, Integer::sum);
                count(tally, verdict.sample());
                merger.offer(candidate(verdict.sample(), verdict.score(), verdict.features()));
            }
            if (!alertedItself) {
                merger.observe(sample);
            }
        }
        merger.closeAll();
        return tally;
    }

    /** The previous baseline: every sample's z-score against the station's previous 256 samples. */
    static Tally replayPerSampleZScore(Run run) throws IOException {
        Tally tally = new Tally();
        FeatureExtractor extractor = new FeatureExtractor(FeatureExtractorTest.spec());
        ZScoreScorer scorer = new ZScoreScorer();
        AlertMerger merger = merger(tally);
        RepeatFilter repeats = new RepeatFilter();
        for (TorqueSample sample : run.samples) {
            if (SampleValidator.check(sample).isPresent() || repeats.isRepeat(sample)) {
                continue;
            }
            tally.samples++;
            var vector = extractor.next(sample);
            double score = vector.isPresent() ? scorer.score(vector.get()) : 0.0;
            if (score >= ZScoreScorer.ALERT_THRESHOLD) {
                tally.alertsByRule.merge("z-score", 1, Integer::sum);
                count(tally, sample);
                merger.offer(candidate(sample, score, vector.get().asMap()));
            } else {
                merger.observe(sample);
            }
        }
        merger.closeAll();
        return tally;
    }

    private static void count(Tally tally, TorqueSample alerting) {
        if (alerting.getTighteningId().isEmpty()) {
            tally.untaggedAlerts++;
        } else {
            tally.alertedTightenings.add(alerting.getTighteningId());
        }
    }

    private static AlertMerger merger(Tally tally) {
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T06:00:00Z"), ZoneOffset.UTC);
        AlertMerger.Sink sink = (DefectAlert alert, String messageId) -> {
            if (!messageId.endsWith("/closed")) {
                tally.mergedAlerts++;
            }
        };
        return new AlertMerger(Duration.ofSeconds(2), Duration.ofSeconds(30), clock, sink);
    }

    private static AlertMerger.Candidate candidate(TorqueSample sample, double score, Map<String, Double> features) {
        return new AlertMerger.Candidate(
                sample, score, features, ZScoreScorer.NAME, ZScoreScorer.VERSION, StationOccupancy.Context.UNKNOWN);
    }

    /** The pipeline's repeat rule: same station, sequence and timestamp no later than the last scored. */
    private static final class RepeatFilter {
        private final Map<String, long[]> last = new HashMap<>();

        boolean isRepeat(TorqueSample sample) {
            long[] previous = last.get(sample.getStationId());
            if (previous != null && sample.getSeq() <= previous[0] && sample.getTimestamp() <= previous[1]) {
                return true;
            }
            last.put(sample.getStationId(), new long[] {sample.getSeq(), sample.getTimestamp()});
            return false;
        }
    }
}
