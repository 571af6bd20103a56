package io.aegis.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.PublishStatistics;
import io.aegis.edge.testing.StoredMessages;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.WorkOrderCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs the simulator for 6 simulated seconds against the real NATS server and counts what the stream stored. */
@SpringBootTest(properties = {"server.port=0", "aegis.simulator.enabled=true"})
class SimulatorPublishTest {

    private static final String ROOT =
            "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String STREAM = "EDGE_" + ROOT.toUpperCase();
    private static final Subjects SUBJECTS = new Subjects(ROOT);
    private static final String STALE_WORK_ORDER = "wo-0ldrun00-000009";
    private static final ConcurrentLinkedQueue<WorkOrderCommand> received = new ConcurrentLinkedQueue<>();

    @TempDir
    static Path temp;

    private static Connection nats;

    @Autowired
    SimulatorRunner runner;

    @Autowired
    JetStreamPublisher publisher;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aegis.nats.subject-root", () -> ROOT);
        registry.add("aegis.nats.stream", () -> STREAM);
        registry.add("aegis.simulator.live", () -> "false");
        registry.add("aegis.simulator.stations", () -> "3");
        registry.add("aegis.simulator.rate-hz", () -> "200");
        registry.add("aegis.simulator.takt-time", () -> "2s");
        registry.add("aegis.simulator.start", () -> "2026-03-02T06:00:00Z");
        registry.add("aegis.simulator.duration", () -> "6s");
        registry.add(
                "aegis.simulator.ground-truth-dir", () -> temp.resolve("truth").toString());
        registry.add("aegis.edge.publish.spool-dir", () -> temp.resolve("spool").toString());
    }

    @BeforeAll
    static void startCommandSideStandIn() throws Exception {
        nats = Nats.connect("nats://127.0.0.1:4222");
        // Stand-in for the command side, which another module implements: it accepts every work-order command on the
        // request/reply subject, so the simulator's MES path runs over real NATS. The first arrival at station 1 is
        // rejected as if a vehicle of an earlier run still stood there.
        Dispatcher dispatcher = nats.createDispatcher(message -> {
            try {
                WorkOrderCommand command = WorkOrderCommand.parseFrom(message.getData());
                received.add(command);
                boolean firstArrival = command.hasArrive()
                        && command.getArrive().getStationId().equals("1")
                        && received.stream().filter(WorkOrderCommand::hasArrive).count() == 1;
                CommandReply reply = firstArrival
                        ? CommandReply.newBuilder()
                                .setOk(false)
                                .setProblem(Problem.newBuilder()
                                        .setStatus(409)
                                        .setCode("STATION_OCCUPIED")
                                        .setOccupantWorkOrderId(STALE_WORK_ORDER)
                                        .setOccupantVin("1M8GDM9AXKP042788"))
                                .build()
                        : CommandReply.newBuilder()
                                .setOk(true)
                                .setWorkOrderId(command.getWorkOrderId())
                                .build();
                nats.publish(message.getReplyTo(), reply.toByteArray());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        dispatcher.subscribe(SUBJECTS.workOrderCommands());
        nats.flush(Duration.ofSeconds(5));
    }

    @AfterAll
    static void deleteStream() throws Exception {
        nats.jetStreamManagement().deleteStream(STREAM);
        nats.close();
    }

    @Test
    void streamStoresEverySamplePublished() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(runner::finished);
        runner.stop();

        PublishStatistics stats = publisher.statistics();
        // 6 s at 200 Hz on 3 stations, plus the duplicate batches a gateway fault may add.
        assertThat(stats.sentSamples()).isGreaterThanOrEqualTo(3600);
        assertThat(stats.acknowledgedSamples()).isEqualTo(stats.sentSamples());
        assertThat(stats.failedSamples()).isZero();
        assertThat(registry.counter("aegis.edge.samples.published").count()).isEqualTo(stats.sentSamples());
        assertThat(registry.counter("aegis.edge.samples.acknowledged").count()).isEqualTo(stats.acknowledgedSamples());

        long storedSamples = 0;
        Set<String> identities = new HashSet<>();
        for (Message message : readAll(SUBJECTS.telemetryAll())) {
            List<TorqueSample> samples = TelemetryCodec.decode(message.getHeaders(), message.getData());
            storedSamples += samples.size();
            samples.forEach(s -> identities.add(s.getStationId() + ":" + s.getSeq()));
            assertThat(TelemetryCodec.messageId(
                            TelemetryBatch.newBuilder().addAllSamples(samples).build()))
                    .isEqualTo(message.getHeaders().getFirst("Nats-Msg-Id"));
        }
        assertThat(storedSamples).isEqualTo(stats.acknowledgedSamples());
        assertThat(identities).hasSize(3600);

        long tightening = readAll(SUBJECTS.tighteningAll()).size();
        assertThat(tightening).isPositive();
        assertThat(stats.acknowledgedMessages()).isEqualTo(stats.sentMessages());

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 10);
        assertThat(received.peek().hasCreate()).isTrue();
        List<WorkOrderCommand> evictions = received.stream()
                .filter(c -> c.getWorkOrderId().equals(STALE_WORK_ORDER))
                .toList();
        assertThat(evictions).hasSize(1);
        assertThat(evictions.get(0).getLeave().getStationId()).isEqualTo("1");
        assertThat(registry.counter("aegis.edge.mes.evictions").count()).isEqualTo(1);
        // Every simulator command was accepted, the rejected arrival on its repeat after the eviction.
        assertThat(registry.counter("aegis.edge.mes.commands", "outcome", "ok").count())
                .isEqualTo(received.size() - 2);
        assertThat(registry.counter("aegis.edge.mes.commands", "outcome", "rejected")
                        .count())
                .isZero();
        try (var files = Files.list(temp.resolve("truth"))) {
            Path run = files.findFirst().orElseThrow();
            assertThat(run.resolve("occupancy.jsonl")).exists();
            assertThat(Files.readAllLines(run.resolve("occupancy.jsonl")).get(0))
                    .contains("\"station_id\":\"1\"");
        }
    }

    private static List<Message> readAll(String subject) throws Exception {
        return StoredMessages.readAll(nats, STREAM, subject);
    }
}
