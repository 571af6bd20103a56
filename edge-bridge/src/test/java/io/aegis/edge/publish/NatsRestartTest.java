package io.aegis.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.testing.PrivateNatsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts a NATS server that this test starts itself (on a free loopback port, with its own JetStream directory),
 * because the shared server must keep running for everyone else.
 */
class NatsRestartTest {

    private static final Subjects SUBJECTS = new Subjects("restart");
    private static final String STREAM = "RESTART";

    @TempDir
    Path temp;

    private PrivateNatsServer server;
    private Connection connection;

    @BeforeEach
    void createServer() throws IOException {
        server = new PrivateNatsServer(temp.resolve("nats"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private JetStreamPublisher publisher(Duration drainTimeout) throws IOException {
        PublishProperties properties = new PublishProperties(
                50,
                Duration.ofSeconds(1),
                Duration.ofMillis(50),
                Duration.ofMillis(500),
                drainTimeout,
                temp.resolve("spool").toString(),
                Duration.ofSeconds(60));
        return new JetStreamPublisher(connection, properties, registry);
    }

    private static OutboundMessage message(int i) {
        return new OutboundMessage(
                SUBJECTS.telemetry("1"),
                TelemetryCodec.headers(),
                ("sample " + i).getBytes(StandardCharsets.UTF_8),
                "1:" + i + "-" + i,
                1);
    }

    private long storedMessages() throws Exception {
        return connection
                .jetStreamManagement()
                .getStreamInfo(STREAM)
                .getStreamState()
                .getMsgCount();
    }

    private void connect() throws Exception {
        connection = NatsConnector.connect(server.url(), null, null, "restart-test");
        AegisStream.ensure(connection, STREAM, SUBJECTS);
    }

    @Test
    void unacknowledgedMessagesAreResentAfterRestart() throws Exception {
        server.start();
        connect();
        JetStreamPublisher publisher = publisher(Duration.ofSeconds(30));
        for (int i = 1; i <= 100; i++) {
            publisher.publish(message(i));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> publisher.statistics().acknowledgedMessages() == 100);

        server.stop();
        AtomicInteger handedOver = new AtomicInteger();
        Thread source = new Thread(() -> {
            try {
                for (int i = 101; i <= 200; i++) {
                    publisher.publish(message(i));
                    handedOver.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        source.start();
        // The window holds 50 messages, so the source blocks instead of buffering without bound.
        await().atMost(Duration.ofSeconds(10)).until(() -> handedOver.get() >= 50);
        assertThat(handedOver.get()).isLessThan(100);
        // Keep the server down until acknowledgements time out, so the retry path runs.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> publisher.statistics().retriedMessages() > 0);
        server.start();

        source.join(60_000);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> publisher.statistics().acknowledgedMessages() == 200);
        assertThat(storedMessages()).isEqualTo(200);
        publisher.close();
    }

    @Test
    void spooledMessagesAreResentByNextStart() throws Exception {
        server.start();
        connect();
        server.stop();
        JetStreamPublisher first = publisher(Duration.ofMillis(500));
        for (int i = 1; i <= 10; i++) {
            first.publish(message(i));
        }

        assertThat(first.drain()).isFalse();
        first.close();
        assertThat(first.statistics().failedSamples()).isEqualTo(10);
        try (var files = Files.list(temp.resolve("spool"))) {
            assertThat(files.count()).isEqualTo(1);
        }

        server.start();
        JetStreamPublisher second = publisher(Duration.ofSeconds(30));
        assertThat(second.resendSpooled()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.statistics().acknowledgedMessages() == 10);
        assertThat(storedMessages()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var files = Files.list(temp.resolve("spool"))) {
                return files.findAny().isEmpty();
            }
        });
        second.close();
    }

    @Test
    void reusedMessageIdIsCountedAsDropped() throws Exception {
        server.start();
        connect();
        JetStreamPublisher publisher = publisher(Duration.ofSeconds(30));

        publisher.publish(message(1)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        publisher.publish(message(1)).get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(storedMessages()).isEqualTo(1);
        assertThat(registry.counter("aegis.edge.publish.duplicates").count()).isEqualTo(1);
        publisher.close();
    }
}
