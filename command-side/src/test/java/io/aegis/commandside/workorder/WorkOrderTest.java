package io.aegis.commandside.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.contract.vin.VinPolicy;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkOrderTest {

    private static final String ID = "wo-1";
    private static final String VIN = "WVWZZZ1J0XW000001";
    private static final String NA_VIN_WRONG_CHECK_DIGIT = "1HGBH41JXMN100005";
    private static final long T0 = 1_714_234_560_000L;
    private static final List<RouteStep> ROUTE =
            List.of(new RouteStep("5", "flash", true), new RouteStep("6", "tighten", false));

    private FixtureConfiguration<WorkOrder> fixture;
    private InMemoryRegistries registries;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WorkOrder.class);
        registries = new InMemoryRegistries();
        fixture.registerInjectableResource(registries);
    }

    private static WorkOrderCreatedEvent created() {
        return new WorkOrderCreatedEvent(ID, VIN, "Model S", "LR", ROUTE, List.of(), T0, T0);
    }

    private static WorkOrderReleasedEvent released() {
        return new WorkOrderReleasedEvent(ID, VIN, T0 + 1, T0 + 1);
    }

    private static VehicleArrivedEvent arrived(String station, long at) {
        return new VehicleArrivedEvent(ID, VIN, station, at, at);
    }

    private static VehicleLeftEvent left(String station, long at) {
        return new VehicleLeftEvent(ID, VIN, station, at, at);
    }

    /** A given event whose identifier the test names; the fixture takes the ids from the queued list in order. */
    private record Identified(String eventId, Object payload) {}

    private static Identified withId(String eventId, Object payload) {
        return new Identified(eventId, payload);
    }

    private org.axonframework.test.aggregate.TestExecutor<WorkOrder> givenIdentified(Identified... events) {
        ScriptedIdentifierFactory.next(
                java.util.Arrays.stream(events).map(Identified::eventId).toArray(String[]::new));
        return fixture.given(
                java.util.Arrays.stream(events).map(Identified::payload).toList());
    }

    @Test
    void createEmitsCreatedInStatePlanned() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkOrderCommand(
                        ID, " wvwzzz1j0xw000001 ", "Model S", "LR", ROUTE, VinPolicy.STRICT, T0, T0))
                .expectEvents(new WorkOrderCreatedEvent(ID, VIN, "Model S", "LR", ROUTE, List.of("NORMALIZED"), T0, T0))
                .expectState(
                        workOrder -> assertThat(workOrder.state().lifecycle()).isEqualTo(Lifecycle.PLANNED));
    }

    @Test
    void createStrictRejectsWrongNorthAmericanCheckDigit() {
        WorkOrderRejectedException rejection = rejectionOf(new CreateWorkOrderCommand(
                ID, NA_VIN_WRONG_CHECK_DIGIT, "Accord", "", ROUTE, VinPolicy.STRICT, T0, T0));
        assertThat(rejection.code()).isEqualTo("VIN_CHECK_DIGIT");
        assertThat(rejection.status().httpStatus()).isEqualTo(422);
        assertThat(rejection.field()).isEqualTo("vin");
        assertThat(rejection.position()).isEqualTo(9);
        assertThat(rejection.expected()).isEqualTo("1");
    }

    @Test
    void createLenientAcceptsWrongCheckDigitWithFlag() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkOrderCommand(
                        ID, NA_VIN_WRONG_CHECK_DIGIT, "Accord", "", ROUTE, VinPolicy.LENIENT, T0, T0))
                .expectEvents(new WorkOrderCreatedEvent(
                        ID, NA_VIN_WRONG_CHECK_DIGIT, "Accord", "", ROUTE, List.of("CHECK_DIGIT_MISMATCH"), T0, T0));
    }

    @Test
    void createRejectsPlaceholderVin() {
        WorkOrderRejectedException rejection = rejectionOf(
                new CreateWorkOrderCommand(ID, "11111111111111111", "Model S", "", ROUTE, VinPolicy.LENIENT, T0, T0));
        assertThat(rejection.code()).isEqualTo("VIN_PLACEHOLDER");
        assertThat(rejection.status().httpStatus()).isEqualTo(422);
    }

    @Test
    void createRejectsMissingModel() {
        WorkOrderRejectedException rejection =
                rejectionOf(new CreateWorkOrderCommand(ID, VIN, " ", "", ROUTE, VinPolicy.STRICT, T0, T0));
        assertThat(rejection.code()).isEqualTo("MISSING_FIELD");
        assertThat(rejection.field()).isEqualTo("model");
        assertThat(rejection.status().httpStatus()).isEqualTo(400);
    }

    @Test
    void createRejectsInvalidRouteStation() {
        WorkOrderRejectedException rejection = rejectionOf(new CreateWorkOrderCommand(
                ID, VIN, "Model S", "", List.of(new RouteStep("st 5", "", false)), VinPolicy.STRICT, T0, T0));
        assertThat(rejection.field()).isEqualTo("route[0].station_id");
        assertThat(rejection.status().httpStatus()).isEqualTo(400);
    }

    @Test
    void createRejectsVinWithOpenWorkOrder() {
        registries.openVins.put(VIN, "wo-0");
        WorkOrderRejectedException rejection =
                rejectionOf(new CreateWorkOrderCommand(ID, VIN, "Model S", "", ROUTE, VinPolicy.STRICT, T0, T0));
        assertThat(rejection.code()).isEqualTo("VIN_HAS_OPEN_WORK_ORDER");
        assertThat(rejection.rule()).contains("wo-0");
        assertThat(rejection.status().httpStatus()).isEqualTo(409);
    }

    @Test
    void releasePlannedWorkOrder() {
        fixture.given(created())
                .when(new ReleaseWorkOrderCommand(ID, T0 + 1, T0 + 1))
                .expectEvents(released());
    }

    @Test
    void releaseTwiceIsConflict() {
        expectRejection(
                List.of(created(), released()), new ReleaseWorkOrderCommand(ID, T0, T0), "INVALID_LIFECYCLE", 409);
    }

    @Test
    void arriveBeforeReleaseIsConflict() {
        expectRejection(
                List.of(created()), new ArriveAtStationCommand(ID, "5", T0 + 2, T0 + 2), "INVALID_LIFECYCLE", 409);
    }

    @Test
    void arriveClaimsStation() {
        fixture.given(created(), released())
                .when(new ArriveAtStationCommand(ID, "5", T0 + 2, T0 + 3))
                .expectEvents(new VehicleArrivedEvent(ID, VIN, "5", T0 + 2, T0 + 3))
                .expectState(workOrder -> {
                    assertThat(workOrder.state().lifecycle()).isEqualTo(Lifecycle.IN_PROGRESS);
                    assertThat(workOrder.state().currentStationId()).isEqualTo("5");
                });
        assertThat(registries.stations).containsKey("5");
    }

    @Test
    void arriveWhileAtAnotherStationIsConflict() {
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2)),
                new ArriveAtStationCommand(ID, "6", T0 + 3, T0 + 3),
                "VEHICLE_AT_OTHER_STATION",
                409);
    }

    @Test
    void arriveBeforePreviousDepartureIsRuleViolation() {
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2), left("5", T0 + 10)),
                new ArriveAtStationCommand(ID, "6", T0 + 9, T0 + 11),
                "ARRIVAL_BEFORE_DEPARTURE",
                422);
    }

    @Test
    void arriveAtOccupiedStationNamesOccupant() {
        registries.stations.put("5", new StationOccupant("5", "wo-other", "WVWZZZ1JZXW000009"));
        WorkOrderRejectedException rejection =
                rejectionGiven(List.of(created(), released()), new ArriveAtStationCommand(ID, "5", T0 + 2, T0 + 2));
        assertThat(rejection.code()).isEqualTo("STATION_OCCUPIED");
        assertThat(rejection.status().httpStatus()).isEqualTo(409);
        assertThat(rejection.occupantWorkOrderId()).isEqualTo("wo-other");
        assertThat(rejection.occupantVin()).isEqualTo("WVWZZZ1JZXW000009");
    }

    @Test
    void leaveReleasesStation() {
        registries.stations.put("5", new StationOccupant("5", ID, VIN));
        fixture.given(created(), released(), arrived("5", T0 + 2))
                .when(new LeaveStationCommand(ID, "5", T0 + 5, T0 + 5))
                .expectEvents(left("5", T0 + 5))
                .expectState(workOrder ->
                        assertThat(workOrder.state().currentStationId()).isNull());
        assertThat(registries.stations).doesNotContainKey("5");
    }

    @Test
    void leaveOtherStationIsConflict() {
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2)),
                new LeaveStationCommand(ID, "6", T0 + 5, T0 + 5),
                "NOT_AT_STATION",
                409);
    }

    @Test
    void leaveBeforeArrivalIsRuleViolation() {
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 20)),
                new LeaveStationCommand(ID, "5", T0 + 5, T0 + 25),
                "DEPARTURE_BEFORE_ARRIVAL",
                422);
    }

    @Test
    void flashAtFlashingStationDefaultsResultToOk() {
        fixture.given(created(), released(), arrived("5", T0 + 2))
                .when(new FlashFirmwareCommand(ID, "5", "EPS", "v2.1.4", "", T0 + 3, T0 + 3))
                .expectEvents(new FirmwareFlashedEvent(ID, VIN, "5", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3))
                .expectState(workOrder ->
                        assertThat(workOrder.state().firmwareByEcu()).isEqualTo(Map.of("EPS", "v2.1.4")));
    }

    @Test
    void flashAtStationWithoutFlashingIsRuleViolation() {
        expectRejection(
                List.of(created(), released(), arrived("6", T0 + 2)),
                new FlashFirmwareCommand(ID, "6", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3),
                "STATION_DOES_NOT_FLASH_FIRMWARE",
                422);
    }

    @Test
    void flashAtStationOffRouteIsRuleViolation() {
        expectRejection(
                List.of(created(), released(), arrived("99", T0 + 2)),
                new FlashFirmwareCommand(ID, "99", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3),
                "STATION_NOT_ON_ROUTE",
                422);
    }

    @Test
    void flashWithoutRouteIsAllowedAnywhere() {
        fixture.given(
                        new WorkOrderCreatedEvent(ID, VIN, "Model S", "", List.of(), List.of(), T0, T0),
                        released(),
                        arrived("99", T0 + 2))
                .when(new FlashFirmwareCommand(ID, "99", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3))
                .expectEvents(new FirmwareFlashedEvent(ID, VIN, "99", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3));
    }

    @Test
    void flashWhenNotAtStationIsConflict() {
        expectRejection(
                List.of(created(), released()),
                new FlashFirmwareCommand(ID, "5", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3),
                "NOT_AT_STATION",
                409);
    }

    @Test
    void flashOnHoldIsConflict() {
        expectRejection(
                List.of(
                        created(),
                        released(),
                        arrived("5", T0 + 2),
                        new WorkOrderHeldEvent(ID, VIN, "part missing", T0 + 3, T0 + 3)),
                new FlashFirmwareCommand(ID, "5", "EPS", "v2.1.4", "OK", T0 + 4, T0 + 4),
                "WORK_ORDER_ON_HOLD",
                409);
    }

    @Test
    void flashWithoutVersionIsMalformed() {
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2)),
                new FlashFirmwareCommand(ID, "5", "EPS", "", "OK", T0 + 3, T0 + 3),
                "MISSING_FIELD",
                400);
    }

    @Test
    void recordOperationAtCurrentStation() {
        fixture.given(created(), released(), arrived("6", T0 + 2))
                .when(new RecordOperationCommand(ID, "6", "tighten", "TR-77", false, T0 + 3, T0 + 3))
                .expectEvents(new OperationRecordedEvent(ID, VIN, "6", "tighten", "TR-77", false, T0 + 3, T0 + 3));
    }

    @Test
    void reportDefectDefaultsDetectedAtToOccurredAt() {
        fixture.given(created())
                .when(new ReportDefectCommand(ID, "STEERING", "pulls left", 0, "end-of-line", "", T0 + 9, T0 + 9))
                .expectEvents(new DefectReportedEvent(
                        ID, VIN, "STEERING", "pulls left", T0 + 9, "end-of-line", "", T0 + 9, T0 + 9));
    }

    @Test
    void reportDefectWithInvalidCodeIsMalformed() {
        expectRejection(
                List.of(created()),
                new ReportDefectCommand(ID, "steering wheel", "", 0, "eol", "", T0, T0),
                "INVALID_DEFECT_CODE",
                400);
    }

    @Test
    void holdAndResumeRestoreLifecycle() {
        fixture.given(
                        created(),
                        released(),
                        arrived("5", T0 + 2),
                        new WorkOrderHeldEvent(ID, VIN, "part missing", T0 + 3, T0 + 3))
                .when(new ResumeWorkOrderCommand(ID, T0 + 4, T0 + 4))
                .expectEvents(new WorkOrderResumedEvent(ID, VIN, T0 + 4, T0 + 4))
                .expectState(
                        workOrder -> assertThat(workOrder.state().lifecycle()).isEqualTo(Lifecycle.IN_PROGRESS));
    }

    @Test
    void holdPlannedWorkOrderIsConflict() {
        expectRejection(List.of(created()), new HoldWorkOrderCommand(ID, "why", T0, T0), "INVALID_LIFECYCLE", 409);
    }

    @Test
    void completeWhileAtStationIsConflict() {
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2)),
                new CompleteWorkOrderCommand(ID, T0 + 3, T0 + 3),
                "VEHICLE_AT_STATION",
                409);
    }

    @Test
    void completeAfterLastDeparture() {
        fixture.given(created(), released(), arrived("5", T0 + 2), left("5", T0 + 3))
                .when(new CompleteWorkOrderCommand(ID, T0 + 4, T0 + 4))
                .expectEvents(new WorkOrderCompletedEvent(ID, VIN, T0 + 4, T0 + 4));
    }

    @Test
    void closeCompletedWorkOrderFreesVin() {
        fixture.given(
                        created(),
                        released(),
                        arrived("5", T0 + 2),
                        left("5", T0 + 3),
                        new WorkOrderCompletedEvent(ID, VIN, T0 + 4, T0 + 4))
                .when(new CloseWorkOrderCommand(ID, T0 + 5, T0 + 5))
                .expectEvents(new WorkOrderClosedEvent(ID, VIN, T0 + 5, T0 + 5));
        assertThat(registries.closed).containsExactly(ID);
    }

    @Test
    void closeBeforeCompleteIsConflict() {
        expectRejection(
                List.of(created(), released()), new CloseWorkOrderCommand(ID, T0, T0), "INVALID_LIFECYCLE", 409);
    }

    @Test
    void commandsAfterCloseAreConflicts() {
        List<Object> closedHistory = List.of(
                created(),
                released(),
                arrived("5", T0 + 2),
                left("5", T0 + 3),
                new WorkOrderCompletedEvent(ID, VIN, T0 + 4, T0 + 4),
                new WorkOrderClosedEvent(ID, VIN, T0 + 5, T0 + 5));
        expectRejection(
                closedHistory,
                new ReportDefectCommand(ID, "STEERING", "", 0, "eol", "", T0 + 6, T0 + 6),
                "WORK_ORDER_CLOSED",
                409);
        expectRejection(closedHistory, new ArriveAtStationCommand(ID, "5", T0 + 6, T0 + 6), "WORK_ORDER_CLOSED", 409);
    }

    @Test
    void correctStationVisitNamesCorrectedEvent() {
        givenIdentified(
                        withId("e-created", created()),
                        withId("e-released", released()),
                        withId("e-arrived", arrived("5", T0 + 2)),
                        withId("e-left", left("5", T0 + 10)))
                .when(new CorrectStationVisitCommand(ID, "e-left", "6", 0, T0 + 8, T0 + 20, T0 + 20))
                .expectEvents(new StationVisitCorrectedEvent(ID, VIN, "e-left", "6", T0 + 2, T0 + 8, T0 + 20, T0 + 20))
                .expectState(workOrder -> {
                    WorkOrderState.Visit visit = workOrder.state().visits().get(0);
                    assertThat(visit.stationId()).isEqualTo("6");
                    assertThat(visit.leftAt()).isEqualTo(T0 + 8);
                    assertThat(visit.arrivalEventId()).isEqualTo("e-arrived");
                    assertThat(workOrder.state().lastLeftAt()).isEqualTo(T0 + 8);
                });
    }

    @Test
    void correctUnknownVisitIsRuleViolation() {
        expectRejection(
                List.of(created(), released()),
                new CorrectStationVisitCommand(ID, "e-unknown", "6", 0, 0, T0, T0),
                "UNKNOWN_CORRECTED_EVENT",
                422);
    }

    @Test
    void correctArrivalBeforePreviousDepartureIsRuleViolation() {
        ScriptedIdentifierFactory.next("e-created", "e-released", "e-arrived-1", "e-left-1", "e-arrived-2");
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2), left("5", T0 + 10), arrived("6", T0 + 20)),
                new CorrectStationVisitCommand(ID, "e-arrived-2", "", T0 + 5, 0, T0 + 30, T0 + 30),
                "ARRIVAL_BEFORE_DEPARTURE",
                422);
    }

    @Test
    void correctDepartureAfterNextArrivalIsRuleViolation() {
        ScriptedIdentifierFactory.next("e-created", "e-released", "e-arrived-1", "e-left-1", "e-arrived-2");
        expectRejection(
                List.of(created(), released(), arrived("5", T0 + 2), left("5", T0 + 10), arrived("6", T0 + 20)),
                new CorrectStationVisitCommand(ID, "e-left-1", "", 0, T0 + 25, T0 + 30, T0 + 30),
                "DEPARTURE_AFTER_NEXT_ARRIVAL",
                422);
    }

    @Test
    void createWithExistingIdIsConflict() {
        registries.openVins.put(VIN, ID);
        WorkOrderRejectedException rejection =
                rejectionOf(new CreateWorkOrderCommand(ID, VIN, "Model S", "", ROUTE, VinPolicy.STRICT, T0, T0));
        assertThat(rejection.code()).isEqualTo("WORK_ORDER_EXISTS");
        assertThat(rejection.status().httpStatus()).isEqualTo(409);
    }

    @Test
    void correctOpenVisitStationMovesOccupancy() {
        registries.stations.put("5", new StationOccupant("5", ID, VIN));
        givenIdentified(
                        withId("e-created", created()),
                        withId("e-released", released()),
                        withId("e-arrived", arrived("5", T0 + 2)))
                .when(new CorrectStationVisitCommand(ID, "e-arrived", "6", 0, 0, T0 + 3, T0 + 3))
                .expectEvents(new StationVisitCorrectedEvent(ID, VIN, "e-arrived", "6", T0 + 2, 0, T0 + 3, T0 + 3));
        assertThat(registries.stations).containsOnlyKeys("6");
    }

    @Test
    void correctFirmwareReplacesVersion() {
        givenIdentified(
                        withId("e-created", created()),
                        withId("e-released", released()),
                        withId("e-arrived", arrived("5", T0 + 2)),
                        withId(
                                "e-flashed",
                                new FirmwareFlashedEvent(ID, VIN, "5", "EPS", "v2.1.4", "OK", T0 + 3, T0 + 3)))
                .when(new CorrectFirmwareCommand(ID, "e-flashed", "", "", "v2.1.5", T0 + 30, T0 + 30))
                .expectEvents(new FirmwareCorrectedEvent(ID, VIN, "e-flashed", "5", "EPS", "v2.1.5", T0 + 30, T0 + 30))
                .expectState(workOrder ->
                        assertThat(workOrder.state().firmwareByEcu()).isEqualTo(Map.of("EPS", "v2.1.5")));
    }

    @Test
    void correctFirmwareOfNonFlashIsRuleViolation() {
        ScriptedIdentifierFactory.next("e-created");
        expectRejection(
                List.of(created()),
                new CorrectFirmwareCommand(ID, "e-created", "", "", "v1", T0, T0),
                "UNKNOWN_CORRECTED_EVENT",
                422);
    }

    private void expectRejection(List<?> given, Object command, String code, int status) {
        WorkOrderRejectedException rejection = rejectionGiven(given, command);
        assertThat(rejection.code()).as("code of %s", rejection.getMessage()).isEqualTo(code);
        assertThat(rejection.status().httpStatus())
                .as("status of %s", rejection.getMessage())
                .isEqualTo(status);
    }

    private WorkOrderRejectedException rejectionOf(Object command) {
        return rejectionGiven(List.of(), command);
    }

    private WorkOrderRejectedException rejectionGiven(List<?> given, Object command) {
        WorkOrderRejectedException[] captured = new WorkOrderRejectedException[1];
        fixture.given(given)
                .when(command)
                .expectNoEvents()
                .expectException(WorkOrderRejectedException.class)
                .expectException(org.hamcrest.Matchers.<Object>describedAs(
                        "a rejection", new org.hamcrest.CustomMatcher<Object>("rejection") {
                            @Override
                            public boolean matches(Object item) {
                                captured[0] = (WorkOrderRejectedException) item;
                                return true;
                            }
                        }));
        return captured[0];
    }
}
