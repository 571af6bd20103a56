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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alerts and recorded scores to JetStream without waiting for the acknowledgement, so scoring never
 * blocks on the server. Message ids make a republished alert or score a duplicate that JetStream drops, which makes
 * retrying safe: an alert that is not acknowledged is published again up to {@link #ALERT_ATTEMPTS} times in all,
 * a score is not retried.
 */
final class ResultPublisher implements AutoCloseable {

    static final int ALERT_ATTEMPTS = 5;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    private final JetStream jetStream;
    private final Subjects subjects;
    private final ScorerMetrics metrics;
    private final RateLimitedLog failureLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scorer-publish-retry");
        thread.setDaemon(true);
        return thread;
    });

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
        publish(subjects.alerts(alert.getStationId()), messageId, alert.toByteArray(), ALERT_ATTEMPTS);
        if (messageId.equals(alert.getAlertId())) {
            metrics.alertsRaised.increment();
        }
    }

    void publishScore(AnomalyScore score, long sampleKey) {
        String messageId = "score-" + score.getStationId() + "-" + sampleKey;
        publish(subjects.scores(score.getStationId()), messageId, score.toByteArray(), 1);
        metrics.scoresRecorded.increment();
    }

    private void publish(String subject, String messageId, byte[] body, int attemptsLeft) {
        Headers headers = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.PROTOBUF);
        PublishOptions options = PublishOptions.builder().messageId(messageId).build();
        CompletableFuture<?> ack;
        try {
            ack = jetStream.publishAsync(subject, headers, body, options);
        } catch (RuntimeException e) {
            onFailure(subject, messageId, body, attemptsLeft - 1, e);
            return;
        }
        ack.whenComplete((result, failure) -> {
            if (failure != null) {
                onFailure(subject, messageId, body, attemptsLeft - 1, failure);
            }
        });
    }

    private void onFailure(String subject, String messageId, byte[] body, int attemptsLeft, Throwable failure) {
        if (attemptsLeft > 0) {
            failureLog.warn(
                    "[{}] publishing {} failed, retrying in {} ({} attempts left): {}",
                    subject,
                    messageId,
                    RETRY_DELAY,
                    attemptsLeft,
                    failure.toString());
            try {
                retries.schedule(
                        () -> publish(subject, messageId, body, attemptsLeft),
                        RETRY_DELAY.toMillis(),
                        TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // Shutting down: count it as failed below.
            }
        }
        metrics.publishFailures.increment();
        failureLog.warn(
                "[{}] publishing {} failed, it is dropped: {}", subject, messageId, failure.toString(), failure);
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
