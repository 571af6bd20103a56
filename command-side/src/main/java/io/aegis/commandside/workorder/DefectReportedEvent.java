package io.aegis.commandside.workorder;

/** A defect was reported. */
public record DefectReportedEvent(
        String workOrderId,
        String vin,
        String code,
        String description,
        long detectedAt,
        String source,
        String stationId,
        long occurredAt,
        long recordedAt)
        implements WorkOrderEvent {}
