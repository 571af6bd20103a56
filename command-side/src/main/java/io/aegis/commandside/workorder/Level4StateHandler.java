package io.aegis.commandside.workorder;

import io.aegis.contract.vin.VinCheck;
import io.aegis.contract.vin.VinRejection;
import io.aegis.contract.vin.VinValidator;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Brings a work order to the state a Level-4 snapshot describes by issuing the ordinary commands. It creates and
 * releases a work order when the VIN has no open one, moves the vehicle to the named station, and flashes the
 * firmware when the ECU has another version. The nested commands run in this command's unit of work and
 * transaction, so either all of them take effect or none.
 */
@Component
class Level4StateHandler {

    /** Model recorded when the snapshot does not name one. */
    static final String UNKNOWN_MODEL = "UNKNOWN";

    private final CommandGateway commands;
    private final VinRegistry vins;
    private final Repository<WorkOrder> workOrders;

    Level4StateHandler(CommandGateway commands, VinRegistry vins, Repository<WorkOrder> workOrders) {
        this.commands = commands;
        this.vins = vins;
        this.workOrders = workOrders;
    }

    @CommandHandler
    Level4Outcome handle(ApplyLevel4StateCommand command) {
        String vin = requireValidVin(command);
        String workOrderId = ensureReleasedWorkOrder(command, vin);
        String stationId = moveToStation(command, workOrderId);
        flashIfDifferent(command, workOrderId, stationId);
        return new Level4Outcome(workOrderId, vin);
    }

    private static String requireValidVin(ApplyLevel4StateCommand command) {
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
        return check.normalized();
    }

    /** Returns the VIN's open work order, created and released first when there is none. */
    private String ensureReleasedWorkOrder(ApplyLevel4StateCommand command, String vin) {
        Optional<String> open = vins.findOpenWorkOrder(vin);
        String workOrderId = open.orElse(command.workOrderId());
        if (open.isEmpty()) {
            String model = hasText(command.model()) ? command.model() : UNKNOWN_MODEL;
            commands.sendAndWait(new CreateWorkOrderCommand(
                    workOrderId,
                    vin,
                    model,
                    "",
                    List.of(),
                    command.vinPolicy(),
                    command.occurredAt(),
                    command.recordedAt()));
        }
        if (load(workOrderId).lifecycle() == Lifecycle.PLANNED) {
            commands.sendAndWait(new ReleaseWorkOrderCommand(workOrderId, command.occurredAt(), command.recordedAt()));
        }
        return workOrderId;
    }

    /** Moves the vehicle to the snapshot's station and returns the station it is at afterwards. */
    private String moveToStation(ApplyLevel4StateCommand command, String workOrderId) {
        String current = load(workOrderId).currentStationId();
        String target = command.stationId();
        if (!hasText(target) || target.equals(current)) {
            return current;
        }
        if (current != null) {
            commands.sendAndWait(
                    new LeaveStationCommand(workOrderId, current, command.occurredAt(), command.recordedAt()));
        }
        commands.sendAndWait(
                new ArriveAtStationCommand(workOrderId, target, command.occurredAt(), command.recordedAt()));
        return target;
    }

    private void flashIfDifferent(ApplyLevel4StateCommand command, String workOrderId, String stationId) {
        if (!hasText(command.ecu()) || !hasText(command.firmware())) {
            return;
        }
        String installed = load(workOrderId).firmwareByEcu().get(command.ecu().strip());
        if (command.firmware().strip().equals(installed)) {
            return;
        }
        if (stationId == null) {
            throw WorkOrderRejectedException.malformed(
                    "MISSING_FIELD",
                    "station_id",
                    "",
                    "is required to apply firmware " + command.firmware() + " while the vehicle is at no station");
        }
        commands.sendAndWait(new FlashFirmwareCommand(
                workOrderId,
                stationId,
                command.ecu(),
                command.firmware(),
                WorkOrder.FIRMWARE_OK,
                command.occurredAt(),
                command.recordedAt()));
    }

    private WorkOrderState load(String workOrderId) {
        return workOrders.load(workOrderId).invoke(WorkOrder::state);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
