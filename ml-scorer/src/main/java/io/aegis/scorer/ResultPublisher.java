package io.aegis.scorer;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.AnomalyScore;
import io.aegis.proto.v1.DefectAlert;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alerts and recorded scores to JetStream without waiting for the acknowledgement, so scoring never
 * blocks on the server. Message ids make a republished alert or score a duplicate that JetStream drops.
 */
final class ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    private final JetStream jetStream;
    private final Subjects subjects;
    private final ScorerMetrics metrics;
    private final RateLimitedLog failureLog = new RateLimitedLog(log, Duration.ofSeconds(10));

    ResultPublisher(JetStream jetStream, Subjects subjects, ScorerMetrics metrics) {
        this.jetStream = jetStream;
        this.subjects = subjects;
        this.metrics = metrics;
    }

    /** Publishes an alert; {@code messageId} is the alert id for its first version. */
    void publishAlert(DefectAlert alert, String messageId) {
        log.info(
                "[{}] alert {} score {} torque {} Nm at {} ({} samples merged, vin '{}')",
                subjects.alerts(alert.getStationId()),
                messageId,
                alert.getAnomalyScore(),
                alert.getTriggerTorqueNm(),
                alert.getTimestamp(),
                alert.getMergedSamples(),
                alert.getVin());
        publish(subjects.alerts(alert.getStationId()), messageId, alert.toByteArray());
        if (messageId.equals(alert.getAlertId())) {
            metrics.alertsRaised.increment();
        }
    }

    void publishScore(AnomalyScore score, long sampleKey) {
        String messageId = "score-" + score.getStationId() + "-" + sampleKey;
        publish(subjects.scores(score.getStationId()), messageId, score.toByteArray());
        metrics.scoresRecorded.increment();
    }

    private void publish(String subject, String messageId, byte[] body) {
        Headers headers = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.PROTOBUF);
        PublishOptions options = PublishOptions.builder().messageId(messageId).build();
        CompletableFuture<?> ack;
        try {
            ack = jetStream.publishAsync(subject, headers, body, options);
        } catch (RuntimeException e) {
            onFailure(subject, messageId, e);
            return;
        }
        ack.whenComplete((result, failure) -> {
            if (failure != null) {
                onFailure(subject, messageId, failure);
            }
        });
    }

    private void onFailure(String subject, String messageId, Throwable failure) {
        metrics.publishFailures.increment();
        failureLog.warn(
                "[{}] publishing {} failed, it is not retried: {}", subject, messageId, failure.toString(), failure);
    }
}
