package io.aegis.commandside.workorder;

/** The work order was completed. */
public record WorkOrderCompletedEvent(String workOrderId, String vin, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
