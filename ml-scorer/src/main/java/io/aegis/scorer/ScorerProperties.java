package io.aegis.scorer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Foresight scorer.
 *
 * @param model which scorer runs: {@code zscore} (rolling per-station baseline, no model file) or {@code onnx}
 *     (the newest model in {@code modelDirectory}, hot-swapped)
 * @param alertThreshold score (0..1) at or above which a sample raises a defect alert; empty means the active
 *     model's own default
 * @param stationAlertThresholds per-station overrides of {@code alertThreshold}, keyed by station id
 * @param recordThreshold score (0..1) at or above which an AnomalyScore is published for audit; empty means the
 *     active model's own default
 * @param mergeWindow alerting samples of one station closer than this are merged into one alert
 * @param maxAlertSpan an alert that keeps merging closes once it covers this long, and the next alerting sample
 *     opens a new one
 * @param telemetryConsumer durable JetStream consumer name on telemetry
 * @param queueCapacity samples waiting for scoring; when full, new samples are acknowledged but not scored
 * @param featureSpec classpath or file location of the feature specification JSON
 */
@ConfigurationProperties("aegis.scorer")
record ScorerProperties(
        @DefaultValue("zscore") String model,
        Double alertThreshold,
        Map<String, Double> stationAlertThresholds,
        Double recordThreshold,
        @DefaultValue("2s") Duration mergeWindow,
        @DefaultValue("30s") Duration maxAlertSpan,
        @DefaultValue("ml-scorer-telemetry") String telemetryConsumer,
        @DefaultValue("100000") int queueCapacity,
        @DefaultValue("classpath:features/v1.json") String featureSpec,
        @DefaultValue Onnx onnx) {

    ScorerProperties {
        stationAlertThresholds = stationAlertThresholds == null ? Map.of() : Map.copyOf(stationAlertThresholds);
        requireScore("aegis.scorer.alert-threshold", alertThreshold);
        requireScore("aegis.scorer.record-threshold", recordThreshold);
        stationAlertThresholds.forEach(
                (station, value) -> requireScore("aegis.scorer.station-alert-thresholds." + station, value));
        if (queueCapacity < 1) {
            throw new IllegalArgumentException(
                    "aegis.scorer.queue-capacity '" + queueCapacity + "' is invalid: must be at least 1");
        }
    }

    /**
     * Settings of the ONNX scorer.
     *
     * @param modelDirectory folder watched for {@code *.onnx} models; the newest valid one is served
     * @param pollInterval how often the folder is checked for a new model
     * @param intraOpThreads ONNX Runtime threads used inside one inference call
     */
    record Onnx(
            @DefaultValue(".aegis/models") Path modelDirectory,
            @DefaultValue("5m") Duration pollInterval,
            @DefaultValue("1") int intraOpThreads) {

        Onnx {
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException(
                        "aegis.scorer.onnx.intra-op-threads '" + intraOpThreads + "' is invalid: must be at least 1");
            }
        }
    }

    /** Returns the alert threshold for {@code stationId}, falling back to the global one, then to the model's. */
    double alertThresholdFor(String stationId, double modelDefault) {
        Double station = stationAlertThresholds.get(stationId);
        if (station != null) {
            return station;
        }
        return alertThreshold != null ? alertThreshold : modelDefault;
    }

    double recordThresholdOr(double modelDefault) {
        return recordThreshold != null ? recordThreshold : modelDefault;
    }

    private static void requireScore(String key, Double value) {
        if (value != null && !(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(key + " '" + value + "' is invalid: must be a score between 0 and 1");
        }
    }
}
