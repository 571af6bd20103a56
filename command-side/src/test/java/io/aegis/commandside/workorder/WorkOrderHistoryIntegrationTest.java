package io.aegis.commandside.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.commandside.MutableClock;
import io.aegis.commandside.TestInfrastructure;
import io.aegis.commandside.history.WorkOrderHistoryService;
import io.aegis.commandside.nats.CommandService;
import io.aegis.proto.v1.ArriveAtStation;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.CorrectFirmware;
import io.aegis.proto.v1.CorrectStationVisit;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.EcuFirmware;
import io.aegis.proto.v1.FlashFirmware;
import io.aegis.proto.v1.HoldWorkOrder;
import io.aegis.proto.v1.LeaveStation;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.RecordOperation;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.ReportDefect;
import io.aegis.proto.v1.ResumeWorkOrder;
import io.aegis.proto.v1.RouteStep;
import io.aegis.proto.v1.StationVisit;
import io.aegis.proto.v1.WorkOrderCommand;
import io.aegis.proto.v1.WorkOrderHistory;
import io.aegis.proto.v1.WorkOrderHistoryReply;
import io.aegis.proto.v1.WorkOrderHistoryRequest;
import io.aegis.proto.v1.WorkOrderView;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(properties = "aegis.workorder.snapshot-threshold=10")
@DirtiesContext
class WorkOrderHistoryIntegrationTest {

    private static final long T0 = 1_714_234_560_000L;
    /** Recorded times start a day after the event times, as for a back-office import. */
    private static final long R0 = T0 + 86_400_000L;

    private static TestInfrastructure infrastructure;
    private static ConfigurableApplicationContext context;

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(R0);
        }
    }

    @Autowired
    ConfigurableApplicationContext applicationContext;

    @Autowired
    CommandService commands;

    @Autowired
    WorkOrderHistoryService history;

    @Autowired
    MutableClock clock;

    @Autowired
    EventStore eventStore;

    @Autowired
    Repository<WorkOrder> repository;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

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
        if (context != null) {
            context.stop();
        }
        infrastructure.close();
    }

    /** Executes a command recorded at {@code recordedAt}; fails the test when it is rejected. */
    private CommandReply execute(WorkOrderCommand.Builder command, long recordedAt) {
        context = applicationContext;
        clock.set(recordedAt);
        CommandReply reply =
                commands.execute(command.setIdempotencyKey(UUID.randomUUID().toString())
                        .setIssuedBy("test")
                        .build());
        assertThat(reply.getOk())
                .as("reply to %s: %s", command.getCommandCase(), reply)
                .isTrue();
        return reply;
    }

    private static WorkOrderCommand.Builder on(String workOrderId, long occurredAt) {
        return WorkOrderCommand.newBuilder().setWorkOrderId(workOrderId).setOccurredAt(occurredAt);
    }

    /** Creates a work order whose route flashes firmware at {@code flashing} and tightens at {@code tightening}. */
    private static CreateWorkOrder create(String vin, String flashing, String tightening) {
        return CreateWorkOrder.newBuilder()
                .setVin(vin)
                .setModel("Model S")
                .addRoute(RouteStep.newBuilder().setStationId(flashing).setFlashesFirmware(true))
                .addRoute(RouteStep.newBuilder().setStationId(tightening))
                .build();
    }

    /** Returns a station id no other test uses, so tests never wait for each other's stations. */
    private static String station(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Builds a work order of exactly 50 events: visits to stations 5 and 6 with flashes and operations, a defect, a
     * hold and two corrections recorded late. Returns the firmware correction's recorded time.
     */
    private long fiftyEvents(String id, String vin) {
        String flashing = station("flash");
        String tightening = station("tighten");
        long t = T0;
        List<String> flashIds = new ArrayList<>();
        List<String> arrivalIds = new ArrayList<>();
        execute(on(id, t).setCreate(create(vin, flashing, tightening)), R0);
        execute(on(id, t += 1000).setRelease(ReleaseWorkOrder.getDefaultInstance()), R0 + 1);
        int events = 2;
        int cycle = 0;
        while (events < 44) {
            arrivalIds.add(execute(on(id, t += 1000).setArrive(arrive(flashing)), R0 + events)
                    .getEventIds(0));
            flashIds.add(execute(
                            on(id, t += 1000)
                                    .setFlashFirmware(FlashFirmware.newBuilder()
                                            .setStationId(flashing)
                                            .setEcu("EPS")
                                            .setVersion("v2.1." + cycle)),
                            R0 + events + 1)
                    .getEventIds(0));
            execute(on(id, t += 1000).setLeave(LeaveStation.newBuilder().setStationId(flashing)), R0 + events + 2);
            execute(on(id, t += 1000).setArrive(arrive(tightening)), R0 + events + 3);
            execute(
                    on(id, t += 1000)
                            .setRecordOperation(RecordOperation.newBuilder()
                                    .setStationId(tightening)
                                    .setOperation("tighten")
                                    .setResultId("TR-" + cycle)
                                    .setOk(true)),
                    R0 + events + 4);
            execute(on(id, t += 1000).setLeave(LeaveStation.newBuilder().setStationId(tightening)), R0 + events + 5);
            events += 6;
            cycle++;
        }
        execute(
                on(id, t += 1000)
                        .setReportDefect(
                                ReportDefect.newBuilder().setCode("STEERING").setSource("end-of-line")),
                R0 + 100);
        execute(on(id, t += 1000).setHold(HoldWorkOrder.newBuilder().setReason("inspection")), R0 + 101);
        execute(on(id, t += 1000).setResume(ResumeWorkOrder.getDefaultInstance()), R0 + 102);
        execute(on(id, t += 1000).setArrive(arrive(flashing)), R0 + 103);
        // Corrections of the first cycle, made long after it and recorded even later.
        execute(
                on(id, t += 1000)
                        .setCorrectStationVisit(CorrectStationVisit.newBuilder()
                                .setCorrectsEventId(arrivalIds.get(0))
                                .setArrivedAt(T0 + 2500)),
                R0 + 200);
        long firmwareCorrectionRecordedAt = R0 + 300;
        execute(
                on(id, t + 1000)
                        .setCorrectFirmware(CorrectFirmware.newBuilder()
                                .setCorrectsEventId(flashIds.get(0))
                                .setVersion("v2.0.9")),
                firmwareCorrectionRecordedAt);
        return firmwareCorrectionRecordedAt;
    }

    private static ArriveAtStation arrive(String stationId) {
        return ArriveAtStation.newBuilder().setStationId(stationId).build();
    }

    @Test
    void historyAsOfAndAsKnownAt() throws Exception {
        String id = "wo-hist-" + UUID.randomUUID();
        long correctionRecordedAt = fiftyEvents(id, "WVWZZZ1J0XW000001");

        WorkOrderHistory full = single(history.history(request(id).build()));
        assertThat(full.getEventsList()).hasSize(50);
        assertThat(full.getEventsList())
                .extracting(MesEvent::getAggregateSequence)
                .containsExactlyElementsOf(range(50));

        // Time T falls in the middle of the fourth cycle; corrections target the first cycle only.
        long asOf = T0 + 1000 + 3 * 6000 + 2500;
        WorkOrderView asOfView = history.history(request(id).setAsOf(asOf).build())
                .getWorkOrders(0)
                .getState();
        WorkOrderState replayed = replay(id, message -> occurredAt(message) <= asOf || isCorrection(message));
        assertSameState(asOfView, replayed);
        assertThat(asOfView.getCurrentStationId()).startsWith("flash-");
        assertThat(asOfView.getVisits(0).getArrivedAt()).isEqualTo(T0 + 2500);
        assertThat(firmwareOf(asOfView)).containsEntry("EPS", "v2.1.3");

        // The firmware correction of the first flash was recorded last: known at T' just before it, the first
        // cycle still shows the flashed version.
        WorkOrderHistory knownBefore = single(history.history(
                request(id).setAsKnownAt(correctionRecordedAt - 1).build()));
        assertThat(knownBefore.getEventsList()).hasSize(49);
        assertThat(knownBefore.getEventsList()).noneMatch(MesEvent::hasFirmwareCorrected);
        WorkOrderView knownAfter = full.getState();
        WorkOrderView firstCycleAsKnownBefore = single(history.history(request(id)
                        .setAsOf(T0 + 4000)
                        .setAsKnownAt(correctionRecordedAt - 1)
                        .build()))
                .getState();
        assertThat(firmwareOf(firstCycleAsKnownBefore)).containsEntry("EPS", "v2.1.0");
        WorkOrderView firstCycleNow =
                single(history.history(request(id).setAsOf(T0 + 4000).build())).getState();
        assertThat(firmwareOf(firstCycleNow)).containsEntry("EPS", "v2.0.9");

        assertSameState(knownAfter, replay(id, message -> true));
        assertThat(knownAfter.getDefectsList()).extracting(d -> d.getCode()).containsExactly("STEERING");
        assertThat(knownAfter.getLifecycle().name()).isEqualTo("WORK_ORDER_LIFECYCLE_IN_PROGRESS");
    }

    @Test
    void snapshotLoadMatchesFullReplay() throws Exception {
        String id = "wo-snap-" + UUID.randomUUID();
        fiftyEvents(id, "WVWZZZ1J2XW000002");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                                Integer.class,
                                id)
                        > 0);

        WorkOrderState fullReplay = replay(id, message -> true);
        assertThat(loadThroughRepository(id)).isEqualTo(fullReplay);

        // A snapshot written by an older layout of the aggregate (revision 0) at the latest sequence.
        jdbc.update(
                "INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                        + " timestamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES (?, 49, 'WorkOrder', ?, ?, ?, '0', ?, ?)",
                id,
                UUID.randomUUID().toString(),
                Instant.ofEpochMilli(T0).toString(),
                WorkOrder.class.getName(),
                ("{\"workOrderId\":\"" + id + "\",\"lifecycle\":\"CLOSED\"}").getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(loadThroughRepository(id)).isEqualTo(fullReplay);
    }

    @Test
    void revisionOneFirmwareEventIsUpcast() throws Exception {
        String id = "wo-legacy-" + UUID.randomUUID();
        String vin = "WVWZZZ1J4XW000003";
        String flashing = station("flash");
        execute(on(id, T0).setCreate(create(vin, flashing, station("tighten"))), R0);
        execute(on(id, T0 + 1).setRelease(ReleaseWorkOrder.getDefaultInstance()), R0 + 1);
        execute(on(id, T0 + 2).setArrive(arrive(flashing)), R0 + 2);
        String legacyId = "legacy-" + UUID.randomUUID();
        String revisionOne =
                "{\"workOrderId\":\"" + id + "\",\"vin\":\"" + vin + "\",\"stationId\":\"" + flashing + "\","
                        + "\"ecu\":\"EPS\",\"firmwareVersion\":\"v0.9\",\"occurredAt\":" + (T0 + 3) + ",\"recordedAt\":"
                        + (R0 + 3) + "}";
        jdbc.update(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                        + " timestamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES (?, ?, 3, 'WorkOrder', ?, ?, NULL, ?, ?)",
                legacyId,
                id,
                Instant.ofEpochMilli(T0 + 3).toString(),
                FirmwareFlashedEvent.class.getName(),
                revisionOne.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));

        MesEvent legacy = single(history.history(request(id).build())).getEvents(3);
        assertThat(legacy.getEventId()).isEqualTo(legacyId);
        assertThat(legacy.getFirmwareFlashed().getVersion()).isEqualTo("v0.9");
        assertThat(legacy.getFirmwareFlashed().getResult()).isEqualTo("OK");
        assertThat(loadThroughRepository(id).firmwareByEcu()).containsEntry("EPS", "v0.9");
        CommandReply corrected = execute(
                on(id, T0 + 4)
                        .setCorrectFirmware(CorrectFirmware.newBuilder()
                                .setCorrectsEventId(legacyId)
                                .setVersion("v1.0")),
                R0 + 4);
        assertThat(corrected.getAggregateSequence()).isEqualTo(4);
        List<MesEvent> published = readMes(id, 5);
        assertThat(published.get(3).getFirmwareFlashed().getVersion()).isEqualTo("v0.9");
    }

    @Test
    void eventCommittedAfterLaterEventIsPublished() throws Exception {
        String early = "wo-early-" + UUID.randomUUID();
        String late = "wo-late-" + UUID.randomUUID();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try {
            TransactionTemplate transaction = new TransactionTemplate(transactions);
            Future<CommandReply> held = executor.submit(() -> transaction.execute(status -> {
                CommandReply reply =
                        execute(on(early, T0).setCreate(create("WVWZZZ1J5XW000009", station("a"), station("b"))), R0);
                stored.countDown();
                try {
                    commit.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return reply;
            }));
            assertThat(stored.await(10, TimeUnit.SECONDS)).isTrue();
            CommandReply lateReply =
                    execute(on(late, T0).setCreate(create("1HGBH41J1MN100005", station("a"), station("b"))), R0);
            List<MesEvent> lateEvents = readMes(late, 1);
            commit.countDown();
            CommandReply earlyReply = held.get(20, TimeUnit.SECONDS);

            List<MesEvent> earlyEvents = readMes(early, 1);
            assertThat(earlyEvents.get(0).getEventId()).isEqualTo(earlyReply.getEventIds(0));
            assertThat(earlyEvents.get(0).getGlobalIndex())
                    .isLessThan(lateEvents.get(0).getGlobalIndex());
            assertThat(lateReply.getOk()).isTrue();
        } finally {
            executor.shutdownNow();
        }
        Set<Long> storedIndexes =
                new HashSet<>(jdbc.queryForList("SELECT global_index FROM domain_event_entry", Long.class));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(publishedGlobalIndexes()).containsAll(storedIndexes));
    }

    private WorkOrderState loadThroughRepository(String id) throws Exception {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(id).invoke(WorkOrder::state);
        } finally {
            unitOfWork.rollback();
        }
    }

    /** Replays the selected stored events into a fresh aggregate, without snapshots or the repository. */
    private WorkOrderState replay(String id, Predicate<DomainEventMessage<?>> selected) {
        AggregateModel<WorkOrder> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(WorkOrder.class);
        WorkOrder workOrder = new WorkOrder();
        eventStore.readEvents(id, 0).asStream().filter(selected).forEach(message -> model.publish(message, workOrder));
        return workOrder.state();
    }

    private static long occurredAt(DomainEventMessage<?> message) {
        return ((WorkOrderEvent) message.getPayload()).occurredAt();
    }

    private static boolean isCorrection(DomainEventMessage<?> message) {
        return message.getPayload() instanceof StationVisitCorrectedEvent
                || message.getPayload() instanceof FirmwareCorrectedEvent;
    }

    private static void assertSameState(WorkOrderView view, WorkOrderState state) {
        assertThat(view.getLifecycle().name())
                .isEqualTo("WORK_ORDER_LIFECYCLE_" + state.lifecycle().name());
        assertThat(view.getCurrentStationId())
                .isEqualTo(state.currentStationId() == null ? "" : state.currentStationId());
        assertThat(firmwareOf(view)).isEqualTo(state.firmwareByEcu());
        assertThat(view.getVisitsList())
                .extracting(StationVisit::getStationId, StationVisit::getArrivedAt, StationVisit::getLeftAt)
                .containsExactlyElementsOf(state.visits().stream()
                        .map(visit -> org.assertj.core.groups.Tuple.tuple(
                                visit.stationId(), visit.arrivedAt(), visit.leftAt()))
                        .toList());
        assertThat(view.getDefectsList())
                .extracting(defect -> defect.getCode())
                .containsExactlyElementsOf(state.defects().stream()
                        .map(WorkOrderState.Defect::code)
                        .toList());
    }

    private static Map<String, String> firmwareOf(WorkOrderView view) {
        Map<String, String> firmware = new LinkedHashMap<>();
        for (EcuFirmware ecu : view.getFirmwareList()) {
            firmware.put(ecu.getEcu(), ecu.getVersion());
        }
        return firmware;
    }

    private static WorkOrderHistoryRequest.Builder request(String id) {
        return WorkOrderHistoryRequest.newBuilder().setWorkOrderId(id);
    }

    private static WorkOrderHistory single(WorkOrderHistoryReply reply) {
        assertThat(reply.getOk()).as("history reply %s", reply.getProblem()).isTrue();
        assertThat(reply.getWorkOrdersList()).hasSize(1);
        return reply.getWorkOrders(0);
    }

    private static List<Long> range(int count) {
        List<Long> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            values.add(i);
        }
        return values;
    }

    private List<MesEvent> readMes(String workOrderId, int expected) throws Exception {
        return read(infrastructure.subjects.mes(workOrderId), expected);
    }

    private Set<Long> publishedGlobalIndexes() throws Exception {
        Set<Long> indexes = new HashSet<>();
        for (MesEvent event : read(infrastructure.subjects.mesAll(), 0)) {
            indexes.add(event.getGlobalIndex());
        }
        return indexes;
    }

    /** Reads every message on {@code subject} from the start of the stream, waiting for at least {@code expected}. */
    private static List<MesEvent> read(String subject, int expected) throws Exception {
        JetStreamSubscription subscription = infrastructure
                .nats
                .jetStream()
                .subscribe(subject, PullSubscribeOptions.builder().build());
        List<MesEvent> events = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (Message message : subscription.fetch(1000, Duration.ofMillis(300))) {
                    events.add(MesEvent.parseFrom(message.getData()));
                    message.ack();
                }
                return events.size() >= expected;
            });
        } finally {
            subscription.unsubscribe();
        }
        return events;
    }
}
