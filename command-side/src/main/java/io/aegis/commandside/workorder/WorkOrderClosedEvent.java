package io.aegis.commandside.workorder;

/** The work order was closed. */
public record WorkOrderClosedEvent(String workOrderId, String vin, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
