package io.aegis.scorer;

import io.aegis.contract.MalformedMessageException;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's own durable consumer on every station's telemetry. Each message is acknowledged as soon as it is
 * decoded and before any scoring, so the model never holds up the stream.
 */
final class TelemetryListener {

    private static final Logger log = LoggerFactory.getLogger(TelemetryListener.class);

    private final Connection connection;
    private final String streamName;
    private final Subjects subjects;
    private final String durableName;
    private final ScoringPipeline pipeline;
    private final ScorerMetrics metrics;
    private final RateLimitedLog malformedLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private ConsumerContext consumerContext;
    private MessageConsumer consumer;
    private volatile boolean caughtUp;

    TelemetryListener(
            Connection connection,
            String streamName,
            Subjects subjects,
            String durableName,
            ScoringPipeline pipeline,
            ScorerMetrics metrics) {
        this.connection = connection;
        this.streamName = streamName;
        this.subjects = subjects;
        this.durableName = durableName;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    void start() throws IOException, JetStreamApiException {
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(durableName)
                .filterSubject(subjects.telemetryAll())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(Duration.ofSeconds(30))
                .build();
        consumerContext = connection.getStreamContext(streamName).createOrUpdateConsumer(configuration);
        consumer = consumerContext.consume(this::onMessage);
        log.info(
                "[{}] consuming telemetry as durable {} on stream {}",
                subjects.telemetryAll(),
                durableName,
                streamName);
    }

    void stop() {
        if (consumer != null) {
            try {
                consumer.stop();
                consumer.close();
            } catch (Exception e) {
                log.warn("[{}] closing the consumer failed, the server expires it: {}", durableName, e, e);
            }
        }
    }

    /**
     * Returns whether the consumer has delivered everything the stream held at some point since start. It stays
     * true afterwards, so a burst does not flip readiness.
     */
    boolean caughtUp() {
        if (caughtUp || consumerContext == null) {
            return caughtUp;
        }
        try {
            ConsumerInfo info = consumerContext.getConsumerInfo();
            caughtUp = info.getNumPending() == 0 && pipeline.queued() == 0;
        } catch (IOException | JetStreamApiException e) {
            log.debug("[{}] consumer info unavailable: {}", durableName, e.toString());
        }
        return caughtUp;
    }

    private void onMessage(Message message) {
        List<TorqueSample> samples;
        try {
            samples = TelemetryCodec.decode(message.getHeaders(), message.getData());
        } catch (MalformedMessageException e) {
            metrics.invalidTelemetryBodies.increment();
            malformedLog.warn(
                    "[{}] stream sequence {} rejected: {}",
                    message.getSubject(),
                    message.metaData().streamSequence(),
                    e.getMessage());
            message.ack();
            return;
        }
        message.ack();
        pipeline.submit(samples);
    }
}
