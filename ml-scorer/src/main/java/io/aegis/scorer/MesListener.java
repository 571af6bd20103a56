package io.aegis.scorer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aegis.contract.Subjects;
import io.aegis.proto.v1.MesEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays every MES event the stream retains into {@link StationOccupancy} at start, then follows new ones. An
 * ordered consumer keeps no server state, because the occupancy lives in memory and is rebuilt on each start.
 */
final class MesListener {

    private static final Logger log = LoggerFactory.getLogger(MesListener.class);

    private final Connection connection;
    private final String streamName;
    private final Subjects subjects;
    private final StationOccupancy occupancy;
    private final ScorerMetrics metrics;
    private final RateLimitedLog malformedLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private MessageConsumer consumer;

    MesListener(
            Connection connection,
            String streamName,
            Subjects subjects,
            StationOccupancy occupancy,
            ScorerMetrics metrics) {
        this.connection = connection;
        this.streamName = streamName;
        this.subjects = subjects;
        this.occupancy = occupancy;
        this.metrics = metrics;
    }

    void start() throws IOException, JetStreamApiException {
        OrderedConsumerConfiguration configuration = new OrderedConsumerConfiguration()
                .filterSubject(subjects.mesAll())
                .deliverPolicy(DeliverPolicy.All);
        consumer = connection
                .getStreamContext(streamName)
                .createOrderedConsumer(configuration)
                .consume(this::onMessage);
        log.info("[{}] following MES events for station occupancy", subjects.mesAll());
    }

    void stop() {
        if (consumer != null) {
            try {
                consumer.stop();
                consumer.close();
            } catch (Exception e) {
                log.warn("[{}] closing the MES consumer failed: {}", subjects.mesAll(), e, e);
            }
        }
    }

    private void onMessage(Message message) {
        try {
            occupancy.apply(MesEvent.parseFrom(message.getData()));
        } catch (InvalidProtocolBufferException e) {
            metrics.invalidMesEvents.increment();
            malformedLog.warn(
                    "[{}] stream sequence {} is not a valid MesEvent, occupancy ignores it: {}",
                    message.getSubject(),
                    message.metaData().streamSequence(),
                    e.getMessage());
        }
    }
}
