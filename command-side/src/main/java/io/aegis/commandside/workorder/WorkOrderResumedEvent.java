package io.aegis.commandside.workorder;

/** The work order was resumed after a hold. */
public record WorkOrderResumedEvent(String workOrderId, String vin, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
