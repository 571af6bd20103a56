package io.aegis.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.PublishStatistics;
import io.aegis.edge.testing.PrivateNatsServer;
import io.aegis.edge.testing.StoredMessages;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.WorkOrderCommand;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Restarts NATS in the middle of a live 1 kHz simulator run and compares what the stream stored with what the
 * simulator generated. The server is the test's own (see {@link PrivateNatsServer}); the simulator's MES commands get
 * their replies from a stand-in on that server, because the command side is another service.
 */
@SpringBootTest(properties = {"server.port=0", "aegis.simulator.enabled=true"})
class SimulatorNatsRestartTest {

    private static final int STATIONS = 2;
    private static final int RATE_HZ = 1000;
    private static final int SECONDS = 20;
    private static final String ROOT = "restartsim";
    private static final String STREAM = "RESTART_SIM";
    private static final Subjects SUBJECTS = new Subjects(ROOT);

    private static Path folder;
    private static PrivateNatsServer server;
    private static Connection mesStandIn;

    @Autowired
    SimulatorRunner runner;

    @Autowired
    JetStreamPublisher publisher;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        folder = Files.createTempDirectory("aegis-nats-restart");
        server = new PrivateNatsServer(folder.resolve("nats"));
        server.start();
        startMesStandIn();
        registry.add("aegis.nats.url", server::url);
        registry.add("aegis.nats.subject-root", () -> ROOT);
        registry.add("aegis.nats.stream", () -> STREAM);
        registry.add("aegis.simulator.live", () -> "true");
        registry.add("aegis.simulator.stations", () -> Integer.toString(STATIONS));
        registry.add("aegis.simulator.rate-hz", () -> Integer.toString(RATE_HZ));
        registry.add("aegis.simulator.takt-time", () -> "5s");
        registry.add("aegis.simulator.duration", () -> SECONDS + "s");
        registry.add(
                "aegis.simulator.ground-truth-dir",
                () -> folder.resolve("truth").toString());
        registry.add(
                "aegis.edge.publish.spool-dir", () -> folder.resolve("spool").toString());
        // A short acknowledgement timeout, so that publishes lost with the server are retried while it is down.
        registry.add("aegis.edge.publish.ack-timeout", () -> "1s");
    }

    private static void startMesStandIn() throws Exception {
        mesStandIn = NatsConnector.connect(server.url(), null, null, "mes-stand-in");
        mesStandIn
                .createDispatcher(message -> {
                    try {
                        WorkOrderCommand command = WorkOrderCommand.parseFrom(message.getData());
                        CommandReply reply = CommandReply.newBuilder()
                                .setOk(true)
                                .setWorkOrderId(command.getWorkOrderId())
                                .build();
                        mesStandIn.publish(message.getReplyTo(), reply.toByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .subscribe(SUBJECTS.workOrderCommands());
        mesStandIn.flush(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopServer() throws Exception {
        mesStandIn.close();
        server.close();
        FileSystemUtils.deleteRecursively(folder);
    }

    @Test
    void streamKeepsEverySampleAcrossRestart() throws Exception {
        // A few seconds of 1 kHz traffic, then the server goes away for three seconds while the simulator goes on.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> publisher.statistics().acknowledgedSamples() >= 5L * STATIONS * RATE_HZ);
        server.stop();
        Thread.sleep(3_000);
        server.start();

        await().atMost(Duration.ofSeconds(120)).until(runner::finished);
        runner.stop();

        PublishStatistics stats = publisher.statistics();
        assertThat(stats.retriedMessages())
                .as("publishes lost with the server are retried")
                .isPositive();
        assertThat(stats.acknowledgedSamples()).isEqualTo(stats.sentSamples());
        assertThat(stats.failedSamples()).isZero();

        Set<String> stored = new HashSet<>();
        long storedSamples = 0;
        try (Connection reader = NatsConnector.connect(server.url(), null, null, "restart-reader")) {
            for (Message message : StoredMessages.readAll(reader, STREAM, SUBJECTS.telemetryAll())) {
                List<TorqueSample> samples = TelemetryCodec.decode(message.getHeaders(), message.getData());
                storedSamples += samples.size();
                samples.forEach(s -> stored.add(s.getStationId() + ":" + s.getSeq()));
            }
        }
        long generated = (long) STATIONS * RATE_HZ * SECONDS;
        assertThat(stored).as("distinct samples in the stream").hasSize((int) generated);
        assertThat(storedSamples).as("samples in the stream, repeats included").isEqualTo(stats.acknowledgedSamples());
    }
}
