package io.aegis.commandside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.commandside.nats.CommandService;
import io.aegis.proto.v1.ArriveAtStation;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.HoldWorkOrder;
import io.aegis.proto.v1.LeaveStation;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.ReportDefect;
import io.aegis.proto.v1.WorkOrderCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stops and restarts a private NATS server while work-order events are being stored. */
@SpringBootTest
@DirtiesContext
class NatsOutageIntegrationTest {

    private static PrivateNatsServer server;
    private static TestInfrastructure infrastructure;
    private static ConfigurableApplicationContext context;

    @Autowired
    ConfigurableApplicationContext applicationContext;

    @Autowired
    CommandService commands;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void startServer() throws Exception {
        server = new PrivateNatsServer();
        server.start();
        infrastructure = TestInfrastructure.create(server.url());
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (context != null) {
            context.stop();
        }
        try {
            infrastructure.close();
        } finally {
            server.close();
        }
    }

    private void execute(WorkOrderCommand.Builder command) {
        context = applicationContext;
        CommandReply reply = commands.execute(
                command.setIdempotencyKey(UUID.randomUUID().toString()).build());
        assertThat(reply.getOk()).as("reply %s", reply).isTrue();
    }

    @Test
    void outageLosesAndReordersNothing() throws Exception {
        String id = "wo-outage-" + UUID.randomUUID();
        WorkOrderCommand.Builder on = WorkOrderCommand.newBuilder().setWorkOrderId(id);
        execute(on.clone()
                .setCreate(
                        CreateWorkOrder.newBuilder().setVin("WVWZZZ1J0XW000001").setModel("Model S")));
        execute(on.clone().setRelease(ReleaseWorkOrder.getDefaultInstance()));
        execute(on.clone().setArrive(ArriveAtStation.newBuilder().setStationId("5")));
        assertThat(read(id, 3)).hasSize(3);

        server.stop();
        execute(on.clone().setLeave(LeaveStation.newBuilder().setStationId("5")));
        execute(on.clone()
                .setReportDefect(ReportDefect.newBuilder().setCode("STEERING").setSource("eol")));
        execute(on.clone().setHold(HoldWorkOrder.newBuilder().setReason("inspection")));
        // Keep the server down until a publish has failed, so the retry path runs, not only the client's buffer.
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        meters.counter("aegis.commandside.mes.publish.failures").count() >= 1);
        server.start();

        List<MesEvent> published = read(id, 6);
        assertThat(published).extracting(MesEvent::getAggregateSequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    /** Reads the work order's events from the start of the stream until {@code expected} have arrived. */
    private static List<MesEvent> read(String workOrderId, int expected) {
        List<MesEvent> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    events.clear();
                    JetStreamSubscription subscription = infrastructure
                            .nats
                            .jetStream()
                            .subscribe(
                                    infrastructure.subjects.mes(workOrderId),
                                    PullSubscribeOptions.builder().build());
                    try {
                        for (Message message : subscription.fetch(100, Duration.ofMillis(500))) {
                            events.add(MesEvent.parseFrom(message.getData()));
                        }
                    } finally {
                        subscription.unsubscribe();
                    }
                    return events.size() >= expected;
                });
        return events;
    }
}
