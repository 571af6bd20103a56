package io.aegis.commandside.nats;

import io.aegis.commandside.workorder.ApplyLevel4StateCommand;
import io.aegis.commandside.workorder.ArriveAtStationCommand;
import io.aegis.commandside.workorder.CloseWorkOrderCommand;
import io.aegis.commandside.workorder.CompleteWorkOrderCommand;
import io.aegis.commandside.workorder.CorrectFirmwareCommand;
import io.aegis.commandside.workorder.CorrectStationVisitCommand;
import io.aegis.commandside.workorder.CreateWorkOrderCommand;
import io.aegis.commandside.workorder.FlashFirmwareCommand;
import io.aegis.commandside.workorder.HoldWorkOrderCommand;
import io.aegis.commandside.workorder.LeaveStationCommand;
import io.aegis.commandside.workorder.RecordOperationCommand;
import io.aegis.commandside.workorder.ReleaseWorkOrderCommand;
import io.aegis.commandside.workorder.ReportDefectCommand;
import io.aegis.commandside.workorder.ResumeWorkOrderCommand;
import io.aegis.commandside.workorder.RouteStep;
import io.aegis.commandside.workorder.WorkOrderRejectedException;
import io.aegis.contract.vin.VinPolicy;
import io.aegis.proto.v1.WorkOrderCommand;
import java.util.List;

/** Converts protobuf work-order commands into the Java command records the aggregate handles. */
final class ProtoCommands {

    private ProtoCommands() {}

    /**
     * Converts {@code command}.
     *
     * @param workOrderId the target work order, already generated for a create without one
     * @param occurredAt when it happened, with 0 already replaced by the receive time
     * @param recordedAt when the command side received it
     * @throws WorkOrderRejectedException (400) when no command is set
     */
    static Object toCommand(WorkOrderCommand command, String workOrderId, long occurredAt, long recordedAt) {
        String id = workOrderId;
        long at = occurredAt;
        long rec = recordedAt;
        return switch (command.getCommandCase()) {
            case CREATE ->
                new CreateWorkOrderCommand(
                        id,
                        command.getCreate().getVin(),
                        command.getCreate().getModel(),
                        command.getCreate().getVariant(),
                        route(command.getCreate().getRouteList()),
                        policy(command.getCreate().getVinPolicy()),
                        at,
                        rec);
            case RELEASE -> new ReleaseWorkOrderCommand(id, at, rec);
            case ARRIVE -> new ArriveAtStationCommand(id, command.getArrive().getStationId(), at, rec);
            case LEAVE -> new LeaveStationCommand(id, command.getLeave().getStationId(), at, rec);
            case FLASH_FIRMWARE ->
                new FlashFirmwareCommand(
                        id,
                        command.getFlashFirmware().getStationId(),
                        command.getFlashFirmware().getEcu(),
                        command.getFlashFirmware().getVersion(),
                        command.getFlashFirmware().getResult(),
                        at,
                        rec);
            case RECORD_OPERATION ->
                new RecordOperationCommand(
                        id,
                        command.getRecordOperation().getStationId(),
                        command.getRecordOperation().getOperation(),
                        command.getRecordOperation().getResultId(),
                        command.getRecordOperation().getOk(),
                        at,
                        rec);
            case REPORT_DEFECT ->
                new ReportDefectCommand(
                        id,
                        command.getReportDefect().getCode(),
                        command.getReportDefect().getDescription(),
                        command.getReportDefect().getDetectedAt(),
                        command.getReportDefect().getSource(),
                        command.getReportDefect().getStationId(),
                        at,
                        rec);
            case HOLD -> new HoldWorkOrderCommand(id, command.getHold().getReason(), at, rec);
            case RESUME -> new ResumeWorkOrderCommand(id, at, rec);
            case COMPLETE -> new CompleteWorkOrderCommand(id, at, rec);
            case CLOSE -> new CloseWorkOrderCommand(id, at, rec);
            case CORRECT_STATION_VISIT ->
                new CorrectStationVisitCommand(
                        id,
                        command.getCorrectStationVisit().getCorrectsEventId(),
                        command.getCorrectStationVisit().getStationId(),
                        command.getCorrectStationVisit().getArrivedAt(),
                        command.getCorrectStationVisit().getLeftAt(),
                        at,
                        rec);
            case CORRECT_FIRMWARE ->
                new CorrectFirmwareCommand(
                        id,
                        command.getCorrectFirmware().getCorrectsEventId(),
                        command.getCorrectFirmware().getStationId(),
                        command.getCorrectFirmware().getEcu(),
                        command.getCorrectFirmware().getVersion(),
                        at,
                        rec);
            case APPLY_LEVEL4_STATE ->
                new ApplyLevel4StateCommand(
                        id,
                        command.getApplyLevel4State().getVin(),
                        command.getApplyLevel4State().getStationId(),
                        command.getApplyLevel4State().getEcu(),
                        command.getApplyLevel4State().getFirmware(),
                        command.getApplyLevel4State().getModel(),
                        policy(command.getApplyLevel4State().getVinPolicy()),
                        at,
                        rec);
            case COMMAND_NOT_SET ->
                throw WorkOrderRejectedException.malformed(
                        "MISSING_COMMAND", "command", "", "must set exactly one command, for example create or arrive");
        };
    }

    /** Returns whether the command may omit the work order id, which is then generated. */
    static boolean createsWorkOrder(WorkOrderCommand command) {
        return command.getCommandCase() == WorkOrderCommand.CommandCase.CREATE
                || command.getCommandCase() == WorkOrderCommand.CommandCase.APPLY_LEVEL4_STATE;
    }

    private static List<RouteStep> route(List<io.aegis.proto.v1.RouteStep> steps) {
        return steps.stream()
                .map(step -> new RouteStep(step.getStationId(), step.getOperation(), step.getFlashesFirmware()))
                .toList();
    }

    private static VinPolicy policy(io.aegis.proto.v1.VinPolicy policy) {
        return policy == io.aegis.proto.v1.VinPolicy.VIN_POLICY_LENIENT ? VinPolicy.LENIENT : VinPolicy.STRICT;
    }
}
