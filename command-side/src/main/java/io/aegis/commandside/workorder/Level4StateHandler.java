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
 * Brings a work order to the state a Level-4 snapshot describes by issuing the ordinary commands: create and
 * release when the VIN has no open work order, leave the current station and arrive at the named one, and flash
 * the firmware when the ECU has another version. The nested commands run in this command's unit of work and
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
        String vin = check.normalized();
        long at = command.occurredAt();
        long recorded = command.recordedAt();
        Optional<String> open = vins.findOpenWorkOrder(vin);
        String workOrderId = open.orElse(command.workOrderId());
        if (open.isEmpty()) {
            String model = command.model() == null || command.model().isBlank() ? UNKNOWN_MODEL : command.model();
            commands.sendAndWait(new CreateWorkOrderCommand(
                    workOrderId, vin, model, "", List.of(), command.vinPolicy(), at, recorded));
        }
        WorkOrderState state = load(workOrderId);
        if (state.lifecycle() == Lifecycle.PLANNED) {
            commands.sendAndWait(new ReleaseWorkOrderCommand(workOrderId, at, recorded));
        }
        String stationId = command.stationId();
        if (stationId != null && !stationId.isEmpty() && !stationId.equals(state.currentStationId())) {
            if (state.currentStationId() != null) {
                commands.sendAndWait(new LeaveStationCommand(workOrderId, state.currentStationId(), at, recorded));
            }
            commands.sendAndWait(new ArriveAtStationCommand(workOrderId, stationId, at, recorded));
        }
        if (hasText(command.ecu()) && hasText(command.firmware())) {
            String installed =
                    load(workOrderId).firmwareByEcu().get(command.ecu().strip());
            if (!command.firmware().strip().equals(installed)) {
                commands.sendAndWait(new FlashFirmwareCommand(
                        workOrderId,
                        stationId,
                        command.ecu(),
                        command.firmware(),
                        WorkOrder.FIRMWARE_OK,
                        at,
                        recorded));
            }
        }
        return new Level4Outcome(workOrderId, vin);
    }

    private WorkOrderState load(String workOrderId) {
        return workOrders.load(workOrderId).invoke(WorkOrder::state);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
