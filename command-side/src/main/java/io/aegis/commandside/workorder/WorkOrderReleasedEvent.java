package io.aegis.commandside.workorder;

/** A work order was released to the line. */
public record WorkOrderReleasedEvent(String workOrderId, String vin, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
