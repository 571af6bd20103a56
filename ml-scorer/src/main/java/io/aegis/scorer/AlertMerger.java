package io.aegis.scorer;

import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.TorqueSample;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges alerting samples of one station into one alert, so one bad tightening raises one alert.
 *
 * <p>The first alerting sample of a station opens an alert, which is published at once with JetStream message id
 * equal to its alert id. Further alerting samples whose timestamps lie within the merge window of the previous one
 * are merged into it without publishing. The alert closes when a sample of the station arrives more than the merge
 * window after the last merged one, when nothing has merged for the merge window of processing time, or when it
 * spans the maximum alert span. If more than one sample merged, the closing version is published with the same
 * alert id, trigger and timestamp (so a store keyed by alert id replaces the first version) and message id
 * {@code <alert_id>/closed}; it adds the merged count, the span and the peak score and torque.
 *
 * <p>The alert id is derived from the station and the opening sample, so a redelivered sample that opens the same
 * alert yields the same id and JetStream's duplicate window drops the copy. Not thread-safe: the scoring thread owns
 * it.
 */
final class AlertMerger {

    /** Feature-map keys added to a closing version: the highest score and torque among the merged samples. */
    static final String PEAK_SCORE = "merged_peak_score";

    static final String PEAK_TORQUE = "merged_peak_torque_nm";

    /** One alerting sample with everything an alert needs. */
    record Candidate(
            TorqueSample sample,
            double score,
            FeatureVector features,
            String modelName,
            String modelVersion,
            StationOccupancy.Context context) {}

    /** Receives alerts to publish, with the JetStream message id to use. */
    interface Sink {
        void publish(DefectAlert alert, String messageId);
    }

    private final long mergeWindowMs;
    private final long maxSpanMs;
    private final Clock clock;
    private final Sink sink;
    private final Map<String, OpenAlert> open = new HashMap<>();

    AlertMerger(Duration mergeWindow, Duration maxSpan, Clock clock, Sink sink) {
        this.mergeWindowMs = mergeWindow.toMillis();
        this.maxSpanMs = maxSpan.toMillis();
        this.clock = clock;
        this.sink = sink;
    }

    /** Merges an alerting sample into its station's open alert, or opens and publishes a new one. */
    void offer(Candidate candidate) {
        TorqueSample sample = candidate.sample();
        OpenAlert alert = open.get(sample.getStationId());
        if (alert != null && alert.accepts(sample.getTimestamp())) {
            alert.merge(candidate, clock.millis());
            return;
        }
        if (alert != null) {
            close(sample.getStationId());
        }
        OpenAlert opened = new OpenAlert(candidate, clock.millis());
        open.put(sample.getStationId(), opened);
        sink.publish(opened.first, opened.first.getAlertId());
    }

    /** Closes the station's open alert when a non-alerting sample shows that the merge window has passed. */
    void observe(TorqueSample sample) {
        OpenAlert alert = open.get(sample.getStationId());
        if (alert != null && sample.getTimestamp() - alert.lastTimestamp > mergeWindowMs) {
            close(sample.getStationId());
        }
    }

    /** Closes every alert that has merged nothing for the merge window of processing time. */
    void closeIdle() {
        long now = clock.millis();
        for (Iterator<OpenAlert> it = open.values().iterator(); it.hasNext(); ) {
            OpenAlert alert = it.next();
            if (now - alert.lastMergedAtMs >= mergeWindowMs) {
                it.remove();
                alert.publishClosing();
            }
        }
    }

    /** Closes every open alert, for shutdown. */
    void closeAll() {
        open.values().forEach(OpenAlert::publishClosing);
        open.clear();
    }

    int openAlerts() {
        return open.size();
    }

    private void close(String stationId) {
        open.remove(stationId).publishClosing();
    }

    /** Returns the alert id for an alert opened by {@code first}. */
    static String alertId(TorqueSample first) {
        return "alert-" + first.getStationId() + "-" + TelemetryCodec.sampleKey(first);
    }

    private final class OpenAlert {
        private final DefectAlert first;
        private long lastTimestamp;
        private long lastMergedAtMs;
        private int mergedSamples;
        private double peakScore;
        private double peakTorque;

        OpenAlert(Candidate candidate, long now) {
            TorqueSample sample = candidate.sample();
            first = DefectAlert.newBuilder()
                    .setAlertId(alertId(sample))
                    .setStationId(sample.getStationId())
                    .setAnomalyScore(candidate.score())
                    .setTriggerTorqueNm(sample.getTorque())
                    .setTimestamp(sample.getTimestamp())
                    .setVin(candidate.context().vin())
                    .setFirmware(candidate.context().firmware())
                    .setModelName(candidate.modelName())
                    .setModelVersion(candidate.modelVersion())
                    .putAllFeatures(candidate.features().asMap())
                    .setTriggerSeq(sample.getSeq())
                    .setMergedSamples(1)
                    .setFirstTimestamp(sample.getTimestamp())
                    .setLastTimestamp(sample.getTimestamp())
                    .setRaisedAt(now)
                    .build();
            lastTimestamp = sample.getTimestamp();
            lastMergedAtMs = now;
            mergedSamples = 1;
            peakScore = candidate.score();
            peakTorque = sample.getTorque();
        }

        boolean accepts(long timestamp) {
            return Math.abs(timestamp - lastTimestamp) <= mergeWindowMs
                    && timestamp - first.getFirstTimestamp() < maxSpanMs;
        }

        void merge(Candidate candidate, long now) {
            mergedSamples++;
            lastTimestamp = Math.max(lastTimestamp, candidate.sample().getTimestamp());
            lastMergedAtMs = now;
            peakScore = Math.max(peakScore, candidate.score());
            peakTorque = Math.max(peakTorque, candidate.sample().getTorque());
        }

        void publishClosing() {
            if (mergedSamples == 1) {
                return;
            }
            DefectAlert closing = first.toBuilder()
                    .setMergedSamples(mergedSamples)
                    .setLastTimestamp(lastTimestamp)
                    .putFeatures(PEAK_SCORE, peakScore)
                    .putFeatures(PEAK_TORQUE, peakTorque)
                    .build();
            sink.publish(closing, closing.getAlertId() + "/closed");
        }
    }
}
