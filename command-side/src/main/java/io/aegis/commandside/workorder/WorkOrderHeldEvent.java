package io.aegis.commandside.workorder;

/** The work order was put on hold. */
public record WorkOrderHeldEvent(String workOrderId, String vin, String reason, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
