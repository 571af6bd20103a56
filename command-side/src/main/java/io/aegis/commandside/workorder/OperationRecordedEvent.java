package io.aegis.commandside.workorder;

/** An operation result was recorded at a station. */
public record OperationRecordedEvent(
        String workOrderId,
        String vin,
        String stationId,
        String operation,
        String resultId,
        boolean ok,
        long occurredAt,
        long recordedAt)
        implements WorkOrderEvent {}
