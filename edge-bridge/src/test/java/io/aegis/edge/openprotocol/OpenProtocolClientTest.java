package io.aegis.edge.openprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.contract.Subjects;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Drives the Open Protocol client against a controller simulator on a loopback socket and the real NATS server. */
@SpringBootTest(properties = "server.port=0")
class OpenProtocolClientTest {

    private static final String ROOT =
            "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String STREAM = "EDGE_" + ROOT.toUpperCase();
    private static final Subjects SUBJECTS = new Subjects(ROOT);
    private static final String STATION = "7";
    private static final String VIN = "1M8GDM9AXKP042788";
    private static final String TIME = "2026-03-02:07:15:30";

    @TempDir
    static java.nio.file.Path temp;

    private static ControllerSimulator controller;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

    private static Connection nats;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        controller = new ControllerSimulator(5);
        registry.add("aegis.nats.subject-root", () -> ROOT);
        registry.add("aegis.nats.stream", () -> STREAM);
        registry.add("aegis.edge.publish.spool-dir", () -> temp.resolve("spool").toString());
        registry.add("aegis.open-protocol.controllers[0].host", () -> "127.0.0.1");
        registry.add("aegis.open-protocol.controllers[0].port", controller::port);
        registry.add("aegis.open-protocol.controllers[0].station-id", () -> STATION);
        registry.add("aegis.open-protocol.controllers[0].zone", () -> "Europe/Berlin");
        registry.add("aegis.open-protocol.controllers[0].curves", () -> "true");
        registry.add("aegis.open-protocol.controllers[0].keep-alive-interval", () -> "1s");
    }

    @BeforeAll
    static void connect() throws Exception {
        nats = Nats.connect("nats://127.0.0.1:4222");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        controller.close();
        nats.jetStreamManagement().deleteStream(STREAM);
        nats.close();
    }

    private static void sendResult(int revision, String revisionText, long id, Map<Integer, String> values)
            throws IOException {
        byte[] data = Mid0061Frames.data(revision, values).getBytes(StandardCharsets.ISO_8859_1);
        controller.send(Mid0061Frames.frame(61, revisionText, data));
    }

    private static Map<Integer, String> result(int revision, long id) {
        return Mid0061Frames.result(revision, VIN, true, 4321, 187, TIME, id);
    }

    private static TighteningResult stored(long id) throws IOException, JetStreamApiException {
        for (MessageInfo info : lastMessages()) {
            TighteningResult result = TighteningResult.parseFrom(info.getData());
            if (result.getTighteningId().equals(Long.toString(id))) {
                return result;
            }
        }
        return null;
    }

    private static List<MessageInfo> lastMessages() throws IOException, JetStreamApiException {
        var management = nats.jetStreamManagement();
        long last = management.getStreamInfo(STREAM).getStreamState().getLastSequence();
        List<MessageInfo> messages = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            try {
                MessageInfo info = management.getMessage(STREAM, seq);
                if (info.getSubject().equals(SUBJECTS.tightening(STATION))) {
                    messages.add(info);
                }
            } catch (JetStreamApiException e) {
                // Deleted or never written sequence.
            }
        }
        return messages;
    }

    private static void awaitSubscribed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.subscribedRevision() > 0);
    }

    @Test
    void negotiatesHighestRevisionController() {
        awaitSubscribed();

        // The client asks for revision 7 first; this controller supports up to 5.
        assertThat(controller.subscribedRevision()).isEqualTo(5);
        assertThat(controller.count(8)).isEqualTo(1);
    }

    @Test
    void everyRevisionIsStoredThenAcknowledged() throws Exception {
        awaitSubscribed();
        // When a MID 0062 arrives, the controller looks up the newest stored result: it must be the acknowledged one.
        List<String> storedAtAck = new java.util.concurrent.CopyOnWriteArrayList<>();
        controller.onReceive(frame -> {
            if (frame.mid() == 62) {
                try {
                    MessageInfo last = nats.jetStreamManagement().getLastMessage(STREAM, SUBJECTS.tightening(STATION));
                    storedAtAck.add(TighteningResult.parseFrom(last.getData()).getTighteningId());
                } catch (Exception e) {
                    storedAtAck.add("none: " + e);
                }
            }
        });
        for (int revision = 1; revision <= 7; revision++) {
            long acks = controller.count(62);
            long id = 100 + revision;
            sendResult(revision, String.format("%03d", revision), id, result(revision, id));
            await().atMost(Duration.ofSeconds(10)).until(() -> controller.count(62) > acks);
            TighteningResult stored = stored(id);
            assertThat(stored)
                    .as("revision %d stored before its acknowledgement", revision)
                    .isNotNull();
            assertThat(stored.getFinalTorque()).isEqualTo(43.21);
            assertThat(stored.getStationId()).isEqualTo(STATION);
            assertThat(stored.getVinReported()).isEqualTo(VIN);
            assertThat(stored.getSource()).startsWith("open-protocol:127.0.0.1:");
            await().atMost(Duration.ofSeconds(5)).until(() -> storedAtAck.contains(Long.toString(id)));
        }
        controller.onReceive(frame -> {});
    }

    @Test
    void blankRevisionIsReadAsRevisionOne() throws Exception {
        awaitSubscribed();
        long acks = controller.count(62);

        sendResult(1, "   ", 201, result(1, 201));

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.count(62) > acks);
        assertThat(stored(201)).isNotNull();
    }

    @Test
    void malformedFramesAreSkippedAndConnectionContinues() throws Exception {
        awaitSubscribed();
        long acks = controller.count(62);
        byte[] good = Mid0061Frames.frame(
                61, "002", Mid0061Frames.data(2, result(2, 301)).getBytes(StandardCharsets.ISO_8859_1));

        byte[] wrongLength = good.clone();
        wrongLength[1] = '5'; // 0385 becomes 0585
        byte[] truncated = java.util.Arrays.copyOf(good, 200);
        truncated[199] = 0;
        byte[] notDigits = "ABCD0061002 0000    garbage".getBytes(StandardCharsets.ISO_8859_1);
        byte[] notDigitsEnd = {0};
        byte[] keepAlive = Mid0061Frames.frame(9999, 1, "");
        double malformedBefore = malformedCount();
        controller.send(wrongLength);
        controller.send(keepAlive);
        controller.send(truncated);
        controller.send(keepAlive);
        controller.send(notDigits);
        controller.send(notDigitsEnd);
        controller.send(keepAlive);
        Map<Integer, String> binary = result(2, 302);
        binary.put(20, "\u0001\u00FF\u0000\u0002000000");
        sendResult(2, "002", 302, binary);
        controller.send(good);

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.count(62) >= acks + 2);
        assertThat(stored(301)).isNotNull();
        TighteningResult withBinary = stored(302);
        assertThat(withBinary).isNotNull();
        assertThat(withBinary.getRawStatus()).contains("tightening_error_status=\\x01\\xFF\\x00\\x02000000");
        assertThat(malformedCount() - malformedBefore).isEqualTo(3);
    }

    private double malformedCount() {
        var counter = registry.find("aegis.edge.open-protocol.malformed").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void invalidResultIsNotAcknowledged() throws Exception {
        awaitSubscribed();
        long acks = controller.count(62);
        Map<Integer, String> badTime = Mid0061Frames.result(2, VIN, true, 4321, 187, "2026-02-30:07:15:30", 401);

        sendResult(2, "002", 401, badTime);
        sendResult(2, "002", 402, result(2, 402));

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.count(62) > acks);
        assertThat(stored(402)).isNotNull();
        assertThat(stored(401)).isNull();
        assertThat(controller.count(62)).isEqualTo(acks + 1);
    }

    @Test
    void torqueCurveBecomesSamples() throws Exception {
        awaitSubscribed();
        long acceptedBefore =
                controller.received().stream().filter(f -> f.mid() == 5).count();

        controller.send(Mid0061Frames.frame(900, "001", TraceFrames.torque(501, TIME, 0.01, 2.0, 100, 250, 400)));

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        controller.received().stream().filter(f -> f.mid() == 5).count() > acceptedBefore);
        var management = nats.jetStreamManagement();
        MessageInfo last = management.getLastMessage(STREAM, SUBJECTS.telemetry(STATION));
        TelemetryBatch batch = TelemetryBatch.parseFrom(last.getData());
        assertThat(batch.getSamplesList()).hasSize(3);
        assertThat(batch.getSamples(0).getTorque()).isEqualTo(1.0);
        assertThat(batch.getSamples(2).getTorque()).isEqualTo(4.0);
        assertThat(batch.getSamples(1).getTimestamp() - batch.getSamples(0).getTimestamp())
                .isEqualTo(2);
        assertThat(batch.getSamples(0).getTighteningId()).isEqualTo("501");
        assertThat(batch.getSamples(0).getSeq()).isEqualTo(CurveSequence.of(501, 0));
    }

    @Test
    void keepAliveIsSent() {
        awaitSubscribed();

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.count(9999) >= 1);
    }
}
