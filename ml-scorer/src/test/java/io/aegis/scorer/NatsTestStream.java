package io.aegis.scorer;

import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh subject root and stream on the local NATS server, so tests never see each other's messages. */
final class NatsTestStream implements AutoCloseable {

    static final String URL = "nats://127.0.0.1:4222";

    final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final Subjects subjects = new Subjects("t" + suffix);
    final String streamName = "SCORER_TEST_" + suffix;
    private Connection connection;

    void register(DynamicPropertyRegistry registry) {
        registry.add("aegis.nats.url", () -> URL);
        registry.add("aegis.nats.stream", () -> streamName);
        registry.add("aegis.nats.subject-root", subjects::root);
        registry.add("server.port", () -> "0");
    }

    Connection connection() throws IOException, InterruptedException {
        if (connection == null) {
            connection = NatsConnector.connect(URL, "", "", "scorer-test");
        }
        return connection;
    }

    void publishTelemetry(List<TorqueSample> samples) throws Exception {
        TelemetryBatch batch = TelemetryBatch.newBuilder()
                .setStationId(samples.get(0).getStationId())
                .addAllSamples(samples)
                .build();
        connection()
                .jetStream()
                .publish(
                        subjects.telemetry(batch.getStationId()),
                        TelemetryCodec.headers(),
                        TelemetryCodec.encode(batch),
                        PublishOptions.builder()
                                .messageId(TelemetryCodec.messageId(batch))
                                .build());
    }

    void publishMes(MesEvent event) throws Exception {
        connection()
                .jetStream()
                .publish(
                        subjects.mes(event.getWorkOrderId()),
                        event.toByteArray(),
                        PublishOptions.builder().messageId(event.getEventId()).build());
    }

    /** Returns how many messages the stream holds on {@code subject}. */
    long count(String subject) throws Exception {
        Long count = connection()
                .jetStreamManagement()
                .getStreamInfo(streamName, StreamInfoOptions.filterSubjects(subject))
                .getStreamState()
                .getSubjectMap()
                .get(subject);
        return count == null ? 0 : count;
    }

    MessageInfo last(String subject) throws Exception {
        return connection().jetStreamManagement().getLastMessage(streamName, subject);
    }

    static TorqueSample sample(String station, long seq, long timestamp, double torque) {
        return TorqueSample.newBuilder()
                .setStationId(station)
                .setSeq(seq)
                .setTimestamp(timestamp)
                .setTorque(torque)
                .setSource("test")
                .build();
    }

    @Override
    public void close() throws Exception {
        try {
            connection().jetStreamManagement().deleteStream(streamName);
        } catch (JetStreamApiException e) {
            // The stream was never created because the test failed before the context started.
        } finally {
            connection.close();
        }
    }
}
