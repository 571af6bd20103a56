package io.aegis.commandside.workorder;

import static io.aegis.commandside.workorder.WorkOrderRejectedException.conflict;
import static io.aegis.commandside.workorder.WorkOrderRejectedException.malformed;
import static io.aegis.commandside.workorder.WorkOrderRejectedException.ruleViolation;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.aegis.commandside.workorder.WorkOrderState.Defect;
import io.aegis.commandside.workorder.WorkOrderState.Flash;
import io.aegis.commandside.workorder.WorkOrderState.Operation;
import io.aegis.commandside.workorder.WorkOrderState.Visit;
import io.aegis.contract.Subjects;
import io.aegis.contract.vin.VinCheck;
import io.aegis.contract.vin.VinFlag;
import io.aegis.contract.vin.VinRejection;
import io.aegis.contract.vin.VinValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A work order: one vehicle's way through the line, event-sourced. Rules that span work orders (one vehicle per
 * station, one open work order per VIN) are checked through {@link StationRegistry} and {@link VinRegistry} inside
 * the same transaction that stores the events.
 *
 * <p>The revision names the layout of this class in snapshots; snapshots of another revision are ignored and the
 * aggregate is replayed from its events instead.
 */
@Aggregate(snapshotTriggerDefinition = "workOrderSnapshotTrigger")
@Revision("1")
public class WorkOrder {

    static final String FIRMWARE_OK = "OK";

    @AggregateIdentifier
    private String workOrderId;

    private String vin;
    private String model;
    private String variant;
    private List<RouteStep> route = new ArrayList<>();
    private List<String> vinFlags = new ArrayList<>();
    private Lifecycle lifecycle;
    private Lifecycle lifecycleBeforeHold;
    private String currentArrivalEventId;
    private long lastLeftAt;
    private Map<String, Visit> visits = new LinkedHashMap<>();
    private Map<String, String> arrivalOfDeparture = new HashMap<>();
    private Map<String, Flash> flashes = new LinkedHashMap<>();
    private List<Defect> defects = new ArrayList<>();
    private List<Operation> operations = new ArrayList<>();

    /** Required by Axon to rebuild the aggregate from events or a snapshot. */
    protected WorkOrder() {}

    @CommandHandler
    public WorkOrder(CreateWorkOrderCommand command, VinRegistry vinRegistry) {
        requireToken("work_order_id", command.workOrderId());
        VinCheck check = VinValidator.validate(command.vin(), command.vinPolicy());
        if (!check.accepted()) {
            VinRejection rejection = check.rejections().get(0);
            throw WorkOrderRejectedException.vin(
                    rejection.code().name(),
                    command.vin(),
                    rejection.message(),
                    rejection.position(),
                    rejection.expected());
        }
        requireText("model", command.model());
        requireRoute(command.route());
        Optional<String> open = vinRegistry.register(command.workOrderId(), check.normalized(), command.occurredAt());
        if (open.isPresent() && open.get().equals(command.workOrderId())) {
            throw conflict(
                    "WORK_ORDER_EXISTS",
                    "work_order_id",
                    command.workOrderId(),
                    "already exists; choose another id or leave it empty to have one generated");
        }
        if (open.isPresent()) {
            throw conflict(
                    "VIN_HAS_OPEN_WORK_ORDER",
                    "vin",
                    check.normalized(),
                    "already belongs to open work order " + open.get() + "; close it before creating another");
        }

        List<String> flags = check.flags().stream().map(VinFlag::name).toList();
        apply(new WorkOrderCreatedEvent(
                command.workOrderId(),
                check.normalized(),
                command.model().strip(),
                command.variant() == null ? "" : command.variant().strip(),
                List.copyOf(command.route()),
                flags,
                command.occurredAt(),
                command.recordedAt()));
    }

    @CommandHandler
    void handle(ReleaseWorkOrderCommand command) {
        requireOpen();
        requireLifecycle("release", Lifecycle.PLANNED);

        apply(new WorkOrderReleasedEvent(workOrderId, vin, command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(ArriveAtStationCommand command, StationRegistry stations) {
        requireOpen();
        requireToken("station_id", command.stationId());
        requireLifecycle("arrive at a station", Lifecycle.RELEASED, Lifecycle.IN_PROGRESS);
        Visit current = currentVisit();
        if (current != null) {
            throw conflict(
                    "VEHICLE_AT_OTHER_STATION",
                    "station_id",
                    command.stationId(),
                    "cannot be entered: work order " + workOrderId + " (VIN " + vin + ") is still at station "
                            + current.stationId() + "; one station per vehicle at a time, leave it first");
        }
        if (command.occurredAt() < lastLeftAt) {
            throw ruleViolation(
                    "ARRIVAL_BEFORE_DEPARTURE",
                    "occurred_at",
                    String.valueOf(command.occurredAt()),
                    "must not be before the vehicle's previous departure at " + lastLeftAt);
        }
        Optional<StationOccupant> occupant =
                stations.claim(command.stationId(), workOrderId, vin, command.occurredAt());
        if (occupant.isPresent()) {
            throw WorkOrderRejectedException.stationOccupied(command.stationId(), occupant.get());
        }

        apply(new VehicleArrivedEvent(
                workOrderId, vin, command.stationId(), command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(LeaveStationCommand command, StationRegistry stations) {
        requireOpen();
        Visit current = requireAtStation(command.stationId());
        if (command.occurredAt() < current.arrivedAt()) {
            throw ruleViolation(
                    "DEPARTURE_BEFORE_ARRIVAL",
                    "occurred_at",
                    String.valueOf(command.occurredAt()),
                    "must not be before the arrival at station " + current.stationId() + " at " + current.arrivedAt());
        }
        stations.release(command.stationId(), workOrderId);

        apply(new VehicleLeftEvent(workOrderId, vin, command.stationId(), command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(FlashFirmwareCommand command) {
        requireOpen();
        requireNotOnHold("flash firmware");
        Visit current = requireAtStation(command.stationId());
        requireText("ecu", command.ecu());
        requireText("version", command.version());
        requireFlashingStation(command.stationId());
        requireNotBeforeArrival(command.occurredAt(), current);
        String result = command.result() == null || command.result().isBlank()
                ? FIRMWARE_OK
                : command.result().strip();

        apply(new FirmwareFlashedEvent(
                workOrderId,
                vin,
                command.stationId(),
                command.ecu().strip(),
                command.version().strip(),
                result,
                command.occurredAt(),
                command.recordedAt()));
    }

    @CommandHandler
    void handle(RecordOperationCommand command) {
        requireOpen();
        requireNotOnHold("record an operation");
        Visit current = requireAtStation(command.stationId());
        requireText("operation", command.operation());
        requireText("result_id", command.resultId());
        requireNotBeforeArrival(command.occurredAt(), current);

        apply(new OperationRecordedEvent(
                workOrderId,
                vin,
                command.stationId(),
                command.operation().strip(),
                command.resultId().strip(),
                command.ok(),
                command.occurredAt(),
                command.recordedAt()));
    }

    @CommandHandler
    void handle(ReportDefectCommand command) {
        requireOpen();
        requireText("code", command.code());
        String code = command.code().strip();
        if (!code.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw malformed(
                    "INVALID_DEFECT_CODE",
                    "code",
                    command.code(),
                    "must be 1 to 64 upper-case letters, digits or '_', starting with a letter (for example STEERING)");
        }
        requireText("source", command.source());
        String stationId = command.stationId() == null ? "" : command.stationId();
        if (!stationId.isEmpty()) {
            requireToken("station_id", stationId);
        }
        long detectedAt = command.detectedAt() == 0 ? command.occurredAt() : command.detectedAt();

        apply(new DefectReportedEvent(
                workOrderId,
                vin,
                code,
                command.description() == null ? "" : command.description(),
                detectedAt,
                command.source().strip(),
                stationId,
                command.occurredAt(),
                command.recordedAt()));
    }

    @CommandHandler
    void handle(HoldWorkOrderCommand command) {
        requireOpen();
        requireLifecycle("hold", Lifecycle.RELEASED, Lifecycle.IN_PROGRESS);
        requireText("reason", command.reason());

        apply(new WorkOrderHeldEvent(
                workOrderId, vin, command.reason().strip(), command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(ResumeWorkOrderCommand command) {
        requireOpen();
        requireLifecycle("resume", Lifecycle.ON_HOLD);

        apply(new WorkOrderResumedEvent(workOrderId, vin, command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(CompleteWorkOrderCommand command) {
        requireOpen();
        requireLifecycle("complete", Lifecycle.IN_PROGRESS);
        Visit current = currentVisit();
        if (current != null) {
            throw conflict(
                    "VEHICLE_AT_STATION",
                    "work_order_id",
                    workOrderId,
                    "cannot be completed while its vehicle is at station " + current.stationId()
                            + "; leave the station first");
        }

        apply(new WorkOrderCompletedEvent(workOrderId, vin, command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(CloseWorkOrderCommand command, VinRegistry vinRegistry) {
        requireOpen();
        requireLifecycle("close", Lifecycle.COMPLETED);
        vinRegistry.markClosed(workOrderId);

        apply(new WorkOrderClosedEvent(workOrderId, vin, command.occurredAt(), command.recordedAt()));
    }

    @CommandHandler
    void handle(CorrectStationVisitCommand command, StationRegistry stations) {
        requireOpen();
        Visit visit = requireVisit(command.correctsEventId());
        String stationId = command.stationId() == null || command.stationId().isEmpty()
                ? visit.stationId()
                : requireToken("station_id", command.stationId());
        long arrivedAt = command.arrivedAt() == 0 ? visit.arrivedAt() : command.arrivedAt();
        long leftAt = command.leftAt() == 0 ? visit.leftAt() : command.leftAt();
        if (leftAt != 0 && leftAt < arrivedAt) {
            throw ruleViolation(
                    "DEPARTURE_BEFORE_ARRIVAL",
                    "left_at",
                    String.valueOf(leftAt),
                    "must not be before the corrected arrival at " + arrivedAt);
        }
        if (leftAt != 0 && visit.leftAt() == 0) {
            throw ruleViolation(
                    "VISIT_STILL_OPEN",
                    "left_at",
                    String.valueOf(leftAt),
                    "cannot be set while the vehicle is still at station " + visit.stationId()
                            + "; send LeaveStation instead");
        }
        requireOrderedVisits(visit, arrivedAt, leftAt);
        boolean open = visit.leftAt() == 0;
        if (open && !stationId.equals(visit.stationId())) {
            moveOccupancy(stations, visit.stationId(), stationId, arrivedAt);
        }

        apply(new StationVisitCorrectedEvent(
                workOrderId,
                vin,
                command.correctsEventId(),
                stationId,
                arrivedAt,
                leftAt,
                command.occurredAt(),
                command.recordedAt()));
    }

    @CommandHandler
    void handle(CorrectFirmwareCommand command) {
        requireOpen();
        Flash flash = flashes.get(command.correctsEventId());
        if (flash == null) {
            throw ruleViolation(
                    "UNKNOWN_CORRECTED_EVENT",
                    "corrects_event_id",
                    command.correctsEventId(),
                    "must name a FirmwareFlashed event of work order " + workOrderId);
        }
        String stationId = command.stationId() == null || command.stationId().isEmpty()
                ? flash.stationId()
                : requireToken("station_id", command.stationId());
        String ecu = command.ecu() == null || command.ecu().isBlank()
                ? flash.ecu()
                : command.ecu().strip();
        String version = command.version() == null || command.version().isBlank()
                ? flash.version()
                : command.version().strip();

        apply(new FirmwareCorrectedEvent(
                workOrderId,
                vin,
                command.correctsEventId(),
                stationId,
                ecu,
                version,
                command.occurredAt(),
                command.recordedAt()));
    }

    @EventSourcingHandler
    void on(WorkOrderCreatedEvent event) {
        workOrderId = event.workOrderId();
        vin = event.vin();
        model = event.model();
        variant = event.variant();
        route = new ArrayList<>(event.route());
        vinFlags = new ArrayList<>(event.vinFlags());
        lifecycle = Lifecycle.PLANNED;
    }

    @EventSourcingHandler
    void on(WorkOrderReleasedEvent event) {
        lifecycle = Lifecycle.RELEASED;
    }

    @EventSourcingHandler
    void on(VehicleArrivedEvent event, EventMessage<?> message) {
        String eventId = message.getIdentifier();
        visits.put(eventId, new Visit(eventId, "", event.stationId(), event.occurredAt(), 0));
        currentArrivalEventId = eventId;
        lifecycle = Lifecycle.IN_PROGRESS;
    }

    @EventSourcingHandler
    void on(VehicleLeftEvent event, EventMessage<?> message) {
        Visit visit = visits.get(currentArrivalEventId);
        visits.put(
                visit.arrivalEventId(),
                new Visit(
                        visit.arrivalEventId(),
                        message.getIdentifier(),
                        visit.stationId(),
                        visit.arrivedAt(),
                        event.occurredAt()));
        arrivalOfDeparture.put(message.getIdentifier(), visit.arrivalEventId());
        currentArrivalEventId = null;
        lastLeftAt = event.occurredAt();
    }

    @EventSourcingHandler
    void on(FirmwareFlashedEvent event, EventMessage<?> message) {
        String eventId = message.getIdentifier();
        flashes.put(eventId, new Flash(eventId, event.stationId(), event.ecu(), event.version(), event.result()));
    }

    @EventSourcingHandler
    void on(OperationRecordedEvent event, EventMessage<?> message) {
        operations.add(new Operation(
                message.getIdentifier(), event.stationId(), event.operation(), event.resultId(), event.ok()));
    }

    @EventSourcingHandler
    void on(DefectReportedEvent event, EventMessage<?> message) {
        defects.add(new Defect(
                message.getIdentifier(),
                event.code(),
                event.description(),
                event.detectedAt(),
                event.source(),
                event.stationId()));
    }

    @EventSourcingHandler
    void on(WorkOrderHeldEvent event) {
        lifecycleBeforeHold = lifecycle;
        lifecycle = Lifecycle.ON_HOLD;
    }

    @EventSourcingHandler
    void on(WorkOrderResumedEvent event) {
        lifecycle = lifecycleBeforeHold;
        lifecycleBeforeHold = null;
    }

    @EventSourcingHandler
    void on(WorkOrderCompletedEvent event) {
        lifecycle = Lifecycle.COMPLETED;
    }

    @EventSourcingHandler
    void on(WorkOrderClosedEvent event) {
        lifecycle = Lifecycle.CLOSED;
    }

    @EventSourcingHandler
    void on(StationVisitCorrectedEvent event) {
        String arrivalId = arrivalOfDeparture.getOrDefault(event.correctsEventId(), event.correctsEventId());
        Visit visit = visits.get(arrivalId);
        visits.put(
                arrivalId,
                new Visit(
                        visit.arrivalEventId(),
                        visit.departureEventId(),
                        event.stationId(),
                        event.arrivedAt(),
                        event.leftAt()));
        lastLeftAt = visits.values().stream().mapToLong(Visit::leftAt).max().orElse(0);
    }

    @EventSourcingHandler
    void on(FirmwareCorrectedEvent event) {
        Flash flash = flashes.get(event.correctsEventId());
        flashes.put(
                flash.eventId(),
                new Flash(flash.eventId(), event.stationId(), event.ecu(), event.version(), flash.result()));
    }

    /** Returns an immutable copy of the state, with corrections applied. */
    public WorkOrderState state() {
        Visit current = currentVisit();
        return new WorkOrderState(
                workOrderId,
                vin,
                model,
                variant,
                List.copyOf(route),
                List.copyOf(vinFlags),
                lifecycle,
                current == null ? null : current.stationId(),
                lastLeftAt,
                firmwareByEcu(),
                List.copyOf(visits.values()),
                List.copyOf(flashes.values()),
                List.copyOf(defects),
                List.copyOf(operations));
    }

    /** Returns the version of each ECU's last successful flash, in aggregate order. */
    Map<String, String> firmwareByEcu() {
        Map<String, String> firmware = new LinkedHashMap<>();
        for (Flash flash : flashes.values()) {
            if (FIRMWARE_OK.equals(flash.result())) {
                firmware.put(flash.ecu(), flash.version());
            }
        }
        return firmware;
    }

    private Visit currentVisit() {
        return currentArrivalEventId == null ? null : visits.get(currentArrivalEventId);
    }

    private void moveOccupancy(StationRegistry stations, String from, String to, long arrivedAt) {
        Optional<StationOccupant> occupant = stations.claim(to, workOrderId, vin, arrivedAt);
        if (occupant.isPresent()) {
            throw WorkOrderRejectedException.stationOccupied(to, occupant.get());
        }
        stations.release(from, workOrderId);
    }

    private void requireOpen() {
        if (lifecycle == Lifecycle.CLOSED) {
            throw conflict(
                    "WORK_ORDER_CLOSED", "work_order_id", workOrderId, "is closed and accepts no further commands");
        }
    }

    private void requireLifecycle(String action, Lifecycle... allowed) {
        for (Lifecycle candidate : allowed) {
            if (lifecycle == candidate) {
                return;
            }
        }
        throw conflict(
                "INVALID_LIFECYCLE",
                "lifecycle",
                lifecycle.name(),
                "does not allow to " + action + "; allowed in " + List.of(allowed));
    }

    private void requireNotOnHold(String action) {
        if (lifecycle == Lifecycle.ON_HOLD) {
            throw conflict(
                    "WORK_ORDER_ON_HOLD",
                    "lifecycle",
                    lifecycle.name(),
                    "does not allow to " + action + "; resume the work order first");
        }
    }

    private Visit requireAtStation(String stationId) {
        requireToken("station_id", stationId);
        Visit current = currentVisit();
        if (current == null || !current.stationId().equals(stationId)) {
            String where = current == null ? "at no station" : "at station " + current.stationId();
            throw conflict(
                    "NOT_AT_STATION",
                    "station_id",
                    stationId,
                    "does not hold the vehicle of work order " + workOrderId + ", which is " + where);
        }
        return current;
    }

    /**
     * Firmware may be flashed only at a route step that flashes firmware. A station missing from a non-empty route
     * is rejected as well. A work order without a planned route (created from a Level-4 snapshot) accepts firmware
     * at any station, because no route step marks where flashing belongs.
     */
    private void requireFlashingStation(String stationId) {
        if (route.isEmpty()) {
            return;
        }
        Optional<RouteStep> step = route.stream()
                .filter(candidate -> candidate.stationId().equals(stationId))
                .findFirst();
        if (step.isEmpty()) {
            throw ruleViolation(
                    "STATION_NOT_ON_ROUTE",
                    "station_id",
                    stationId,
                    "is not on the planned route of work order " + workOrderId + ", so it cannot flash firmware");
        }
        if (!step.get().flashesFirmware()) {
            throw ruleViolation(
                    "STATION_DOES_NOT_FLASH_FIRMWARE",
                    "station_id",
                    stationId,
                    "is a route step without flashes_firmware, so it cannot flash firmware");
        }
    }

    private void requireNotBeforeArrival(long occurredAt, Visit current) {
        if (occurredAt < current.arrivedAt()) {
            throw ruleViolation(
                    "BEFORE_ARRIVAL",
                    "occurred_at",
                    String.valueOf(occurredAt),
                    "must not be before the arrival at station " + current.stationId() + " at " + current.arrivedAt());
        }
    }

    /** A corrected visit must still start after the previous visit ended and end before the next one started. */
    private void requireOrderedVisits(Visit corrected, long arrivedAt, long leftAt) {
        Visit previous = null;
        Visit next = null;
        boolean passed = false;
        for (Visit visit : visits.values()) {
            if (visit.arrivalEventId().equals(corrected.arrivalEventId())) {
                passed = true;
            } else if (!passed) {
                previous = visit;
            } else if (next == null) {
                next = visit;
            }
        }
        if (previous != null && arrivedAt < previous.leftAt()) {
            throw ruleViolation(
                    "ARRIVAL_BEFORE_DEPARTURE",
                    "arrived_at",
                    String.valueOf(arrivedAt),
                    "must not be before the vehicle's previous departure at " + previous.leftAt());
        }
        if (next != null && leftAt > next.arrivedAt()) {
            throw ruleViolation(
                    "DEPARTURE_AFTER_NEXT_ARRIVAL",
                    "left_at",
                    String.valueOf(leftAt),
                    "must not be after the vehicle's next arrival at " + next.arrivedAt());
        }
    }

    private Visit requireVisit(String eventId) {
        String arrivalId = arrivalOfDeparture.getOrDefault(eventId, eventId);
        Visit visit = eventId == null ? null : visits.get(arrivalId);
        if (visit == null) {
            throw ruleViolation(
                    "UNKNOWN_CORRECTED_EVENT",
                    "corrects_event_id",
                    eventId,
                    "must name a VehicleArrived or VehicleLeft event of work order " + workOrderId);
        }
        return visit;
    }

    private static void requireRoute(List<RouteStep> route) {
        for (int i = 0; i < route.size(); i++) {
            RouteStep step = route.get(i);
            requireToken("route[" + i + "].station_id", step.stationId());
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw malformed("MISSING_FIELD", field, value, "is required");
        }
    }

    private static String requireToken(String field, String value) {
        if (!Subjects.isToken(value)) {
            throw malformed("INVALID_IDENTIFIER", field, value, "must be 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }
}
