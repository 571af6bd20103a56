package io.aegis.commandside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.ApplyLevel4State;
import io.aegis.proto.v1.ArriveAtStation;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.FlashFirmware;
import io.aegis.proto.v1.LeaveStation;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.RouteStep;
import io.aegis.proto.v1.WorkOrderCommand;
import io.aegis.proto.v1.WorkOrderHistoryReply;
import io.aegis.proto.v1.WorkOrderHistoryRequest;
import io.aegis.proto.v1.WorkOrderView;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
@DirtiesContext
class CommandSideIntegrationTest {

    private static TestInfrastructure infrastructure;
    private static ConfigurableApplicationContext context;

    @Autowired
    ConfigurableApplicationContext applicationContext;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void createInfrastructure() throws Exception {
        infrastructure = TestInfrastructure.create();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @AfterAll
    static void dropInfrastructure() throws Exception {
        // Stops the processor and the endpoint; the context stays active for Spring's own after-class callbacks
        // and is closed by @DirtiesContext.
        if (context != null) {
            context.stop();
        }
        infrastructure.close();
    }

    private CommandReply send(WorkOrderCommand command) throws Exception {
        context = applicationContext;
        Message reply = infrastructure.nats.request(
                infrastructure.subjects.workOrderCommands(), command.toByteArray(), Duration.ofSeconds(10));
        assertThat(reply).as("reply to %s", command.getCommandCase()).isNotNull();
        return CommandReply.parseFrom(reply.getData());
    }

    private static WorkOrderCommand.Builder command(String workOrderId) {
        return WorkOrderCommand.newBuilder()
                .setIdempotencyKey(UUID.randomUUID().toString())
                .setIssuedBy("test")
                .setCorrelationId(UUID.randomUUID().toString())
                .setWorkOrderId(workOrderId);
    }

    private static CreateWorkOrder create(String vin) {
        return CreateWorkOrder.newBuilder()
                .setVin(vin)
                .setModel("Model S")
                .addRoute(RouteStep.newBuilder()
                        .setStationId("5")
                        .setOperation("flash")
                        .setFlashesFirmware(true))
                .addRoute(RouteStep.newBuilder().setStationId("6").setOperation("tighten"))
                .build();
    }

    @Test
    void createTwiceWithOneKeyReturnsSameReply() throws Exception {
        WorkOrderCommand create = command("")
                .setIdempotencyKey("create-once")
                .setCreate(create("1HGBH41JXMN100005").toBuilder()
                        .setVinPolicy(io.aegis.proto.v1.VinPolicy.VIN_POLICY_LENIENT))
                .build();

        CommandReply first = send(create);
        CommandReply second = send(create);

        assertThat(first.getOk()).as("first reply %s", first).isTrue();
        assertThat(first.getReplayed()).isFalse();
        assertThat(first.getVinFlagsList()).contains("CHECK_DIGIT_MISMATCH");
        assertThat(second.getReplayed()).isTrue();
        assertThat(second.toBuilder().setReplayed(false).build()).isEqualTo(first);
        Integer workOrders = jdbc.queryForObject(
                "SELECT count(*) FROM work_order_vin WHERE vin = ?", Integer.class, "1HGBH41JXMN100005");
        Integer events = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class,
                first.getWorkOrderId());
        assertThat(workOrders).isEqualTo(1);
        assertThat(events).isEqualTo(1);
    }

    @Test
    void eventsArePublishedInAggregateOrder() throws Exception {
        String workOrderId = "wo-" + UUID.randomUUID();
        List<WorkOrderCommand> commands = List.of(
                command(workOrderId).setCreate(create("WVWZZZ1JZXW000001")).build(),
                command(workOrderId)
                        .setRelease(ReleaseWorkOrder.getDefaultInstance())
                        .build(),
                command(workOrderId)
                        .setArrive(ArriveAtStation.newBuilder().setStationId("5"))
                        .build(),
                command(workOrderId)
                        .setFlashFirmware(FlashFirmware.newBuilder()
                                .setStationId("5")
                                .setEcu("EPS")
                                .setVersion("v2.1.4"))
                        .build(),
                command(workOrderId)
                        .setLeave(LeaveStation.newBuilder().setStationId("5"))
                        .build());
        List<String> eventIds = new ArrayList<>();
        for (WorkOrderCommand command : commands) {
            CommandReply reply = send(command);
            assertThat(reply.getOk()).as("reply %s", reply).isTrue();
            eventIds.addAll(reply.getEventIdsList());
        }

        List<MesEvent> published = readMes(workOrderId, eventIds.size());

        assertThat(published).extracting(MesEvent::getEventId).containsExactlyElementsOf(eventIds);
        assertThat(published).extracting(MesEvent::getAggregateSequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(published.get(3).getFirmwareFlashed().getVersion()).isEqualTo("v2.1.4");
        assertThat(published.get(0).getIssuedBy()).isEqualTo("test");
        assertThat(published.get(0).getGlobalIndex()).isPositive();
    }

    @Test
    void concurrentArrivalsLetOneWin() throws Exception {
        String first = "wo-a-" + UUID.randomUUID();
        String second = "wo-b-" + UUID.randomUUID();
        for (String[] order : new String[][] {{first, "WVWZZZ1JZXW000002"}, {second, "WVWZZZ1JZXW000003"}}) {
            assertThat(send(command(order[0]).setCreate(create(order[1])).build())
                            .getOk())
                    .isTrue();
            assertThat(send(command(order[0])
                                    .setRelease(ReleaseWorkOrder.getDefaultInstance())
                                    .build())
                            .getOk())
                    .isTrue();
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<CommandReply>> arrivals = List.of(
                    () -> send(command(first)
                            .setArrive(ArriveAtStation.newBuilder().setStationId("9"))
                            .build()),
                    () -> send(command(second)
                            .setArrive(ArriveAtStation.newBuilder().setStationId("9"))
                            .build()));
            List<CommandReply> replies = new ArrayList<>();
            for (Future<CommandReply> future : pool.invokeAll(arrivals)) {
                replies.add(future.get());
            }

            assertThat(replies).filteredOn(CommandReply::getOk).hasSize(1);
            CommandReply winner =
                    replies.stream().filter(CommandReply::getOk).findFirst().orElseThrow();
            CommandReply loser =
                    replies.stream().filter(r -> !r.getOk()).findFirst().orElseThrow();
            assertThat(loser.getProblem().getStatus()).isEqualTo(409);
            assertThat(loser.getProblem().getCode()).isEqualTo("STATION_OCCUPIED");
            assertThat(loser.getProblem().getOccupantWorkOrderId()).isEqualTo(winner.getWorkOrderId());
            assertThat(loser.getProblem().getOccupantVin()).isEqualTo(winner.getVin());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void applyLevel4StateIssuesMissingCommands() throws Exception {
        String vin = "WVWZZZ1J0XW000001";
        WorkOrderCommand.Builder snapshot = command("")
                .setApplyLevel4State(ApplyLevel4State.newBuilder()
                        .setVin(vin)
                        .setStationId("L4-1")
                        .setEcu("EPS")
                        .setFirmware("v2.1.4"));

        CommandReply first = send(snapshot.build());
        CommandReply repeated =
                send(snapshot.setIdempotencyKey(UUID.randomUUID().toString()).build());
        CommandReply moved = send(command("")
                .setApplyLevel4State(ApplyLevel4State.newBuilder()
                        .setVin(vin)
                        .setStationId("L4-2")
                        .setEcu("EPS")
                        .setFirmware("v2.1.4"))
                .build());

        assertThat(first.getOk()).as("first reply %s", first).isTrue();
        assertThat(first.getEventIdsCount())
                .as("created, released, arrived, flashed")
                .isEqualTo(4);
        assertThat(first.getVin()).isEqualTo(vin);
        assertThat(repeated.getOk()).isTrue();
        assertThat(repeated.getEventIdsList()).isEmpty();
        assertThat(repeated.getWorkOrderId()).isEqualTo(first.getWorkOrderId());
        assertThat(moved.getEventIdsCount()).as("left, arrived").isEqualTo(2);
        WorkOrderHistoryReply history = history(WorkOrderHistoryRequest.newBuilder()
                .setVin(vin.toLowerCase(java.util.Locale.ROOT))
                .build());
        assertThat(history.getOk()).as("history %s", history.getProblem()).isTrue();
        WorkOrderView state = history.getWorkOrders(0).getState();
        assertThat(state.getCurrentStationId()).isEqualTo("L4-2");
        assertThat(state.getFirmware(0).getVersion()).isEqualTo("v2.1.4");
        assertThat(history.getWorkOrders(0).getEventsCount()).isEqualTo(6);
    }

    @Test
    void rejectionsCarryProblemFields() throws Exception {
        CommandReply unknown = send(command("wo-missing")
                .setRelease(ReleaseWorkOrder.getDefaultInstance())
                .build());
        CommandReply strictVin =
                send(command("").setCreate(create("1HGBH41JXMN100005")).build());
        CommandReply noCommand = send(command("wo-x").build());

        assertThat(unknown.getProblem().getStatus()).isEqualTo(404);
        assertThat(unknown.getProblem().getValue()).isEqualTo("wo-missing");
        assertThat(strictVin.getProblem().getStatus()).isEqualTo(422);
        assertThat(strictVin.getProblem().getCode()).isEqualTo("VIN_CHECK_DIGIT");
        assertThat(strictVin.getProblem().getPosition()).isEqualTo(9);
        assertThat(strictVin.getProblem().getExpected()).isEqualTo("1");
        assertThat(noCommand.getProblem().getStatus()).isEqualTo(400);
        assertThat(noCommand.getProblem().getField()).isEqualTo("command");
    }

    @Test
    void malformedBodyGetsBadRequest() throws Exception {
        context = applicationContext;
        Message reply = infrastructure.nats.request(
                infrastructure.subjects.workOrderCommands(), new byte[] {(byte) 0xff, 0x01}, Duration.ofSeconds(10));

        CommandReply parsed = CommandReply.parseFrom(reply.getData());
        assertThat(parsed.getOk()).isFalse();
        assertThat(parsed.getProblem().getStatus()).isEqualTo(400);
        assertThat(parsed.getProblem().getCode()).isEqualTo("MALFORMED_COMMAND");
    }

    @Test
    void historyOfUnknownVinIsNotFound() throws Exception {
        WorkOrderHistoryReply reply = history(
                WorkOrderHistoryRequest.newBuilder().setVin("WVWZZZ1J2XW000002").build());

        assertThat(reply.getOk()).isFalse();
        assertThat(reply.getProblem().getStatus()).isEqualTo(404);
    }

    private WorkOrderHistoryReply history(WorkOrderHistoryRequest request) throws Exception {
        context = applicationContext;
        Message reply = infrastructure.nats.request(
                infrastructure.subjects.workOrderHistory(), request.toByteArray(), Duration.ofSeconds(10));
        assertThat(reply).as("history reply").isNotNull();
        return WorkOrderHistoryReply.parseFrom(reply.getData());
    }

    private List<MesEvent> readMes(String workOrderId, int expected) throws Exception {
        JetStreamSubscription subscription = infrastructure
                .nats
                .jetStream()
                .subscribe(
                        infrastructure.subjects.mes(workOrderId),
                        PullSubscribeOptions.builder().build());
        List<MesEvent> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Message message : subscription.fetch(expected, Duration.ofMillis(500))) {
                events.add(MesEvent.parseFrom(message.getData()));
                message.ack();
            }
            return events.size() >= expected;
        });
        subscription.unsubscribe();
        return events;
    }
}
