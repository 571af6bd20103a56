package io.aegis.scorer;

import io.aegis.proto.v1.TorqueSample;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the features of {@link FeatureSpec} for each sample, keeping rolling state per station. The training job
 * computes the same features in the same way from stored telemetry; change both together and bump the spec version.
 *
 * <p>Not thread-safe: one scoring thread owns it, and samples of a station must arrive in stream order.
 */
final class FeatureExtractor {

    private final FeatureSpec spec;
    private final Map<String, StationState> stations = new HashMap<>();

    FeatureExtractor(FeatureSpec spec) {
        this.spec = spec;
    }

    FeatureSpec spec() {
        return spec;
    }

    /**
     * Adds the sample to its station's state and returns its features, or empty while the station has fewer than
     * {@code min_samples} previous samples.
     */
    Optional<FeatureVector> next(TorqueSample sample) {
        StationState state = stations.computeIfAbsent(sample.getStationId(), id -> new StationState(spec.windowSize()));
        double[] values = state.features(sample, spec);
        state.add(sample);
        return values == null ? Optional.empty() : Optional.of(new FeatureVector(spec, values));
    }

    /** Rolling state of one station. */
    private static final class StationState {
        private final double[] window;
        private int count;
        private int next;
        private boolean hasPrevious;
        private double previousTorque;
        private long previousTimestamp;
        private String tighteningId = "";
        private long tighteningStart;
        private double tighteningPeak;
        private double tighteningAngle;

        StationState(int windowSize) {
            window = new double[windowSize];
        }

        /** Returns the features of {@code sample} against the state before it, or null during warm-up. */
        double[] features(TorqueSample sample, FeatureSpec spec) {
            updateTightening(sample);
            if (count < spec.minSamples()) {
                return null;
            }
            double torque = sample.getTorque();
            double mean = mean();
            double std = std(mean);
            double z = (torque - mean) / Math.max(std, spec.minStdNm());
            return new double[] {
                torque,
                mean,
                std,
                z,
                rateOfChange(sample),
                tighteningPeak,
                tighteningAngle,
                tighteningId.isEmpty() ? 0.0 : (double) (sample.getTimestamp() - tighteningStart)
            };
        }

        void add(TorqueSample sample) {
            window[next] = sample.getTorque();
            next = (next + 1) % window.length;
            count = Math.min(count + 1, window.length);
            hasPrevious = true;
            previousTorque = sample.getTorque();
            previousTimestamp = sample.getTimestamp();
        }

        private void updateTightening(TorqueSample sample) {
            String id = sample.getTighteningId();
            if (id.isEmpty() || !id.equals(tighteningId)) {
                tighteningId = id;
                tighteningStart = sample.getTimestamp();
                tighteningPeak = sample.getTorque();
                tighteningAngle = 0.0;
            } else {
                tighteningPeak = Math.max(tighteningPeak, sample.getTorque());
            }
            if (sample.getHasAngle()) {
                tighteningAngle = sample.getAngleDeg();
            }
        }

        private double rateOfChange(TorqueSample sample) {
            long elapsedMs = sample.getTimestamp() - previousTimestamp;
            if (!hasPrevious || elapsedMs <= 0) {
                return 0.0;
            }
            return (sample.getTorque() - previousTorque) * 1000.0 / elapsedMs;
        }

        private double mean() {
            double sum = 0.0;
            for (int i = 0; i < count; i++) {
                sum += window[i];
            }
            return sum / count;
        }

        /** Population standard deviation (divides by n), the same as numpy's default. */
        private double std(double mean) {
            double sum = 0.0;
            for (int i = 0; i < count; i++) {
                double deviation = window[i] - mean;
                sum += deviation * deviation;
            }
            return Math.sqrt(sum / count);
        }
    }
}
