package io.aegis.commandside.workorder;

/** A command on one work order. Times are UTC epoch milliseconds, already resolved by the entry point. */
public sealed interface WorkOrderCommand
        permits CreateWorkOrderCommand,
                ReleaseWorkOrderCommand,
                ArriveAtStationCommand,
                LeaveStationCommand,
                FlashFirmwareCommand,
                RecordOperationCommand,
                ReportDefectCommand,
                HoldWorkOrderCommand,
                ResumeWorkOrderCommand,
                CompleteWorkOrderCommand,
                CloseWorkOrderCommand,
                CorrectStationVisitCommand,
                CorrectFirmwareCommand {

    String workOrderId();

    /** When it happened on the shop floor. */
    long occurredAt();

    /** When the command side received it. */
    long recordedAt();
}
