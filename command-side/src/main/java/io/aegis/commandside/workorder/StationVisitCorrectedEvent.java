package io.aegis.commandside.workorder;

/** An earlier station visit was corrected; the named event's station and times are replaced, the event itself stays. */
public record StationVisitCorrectedEvent(
        String workOrderId,
        String vin,
        String correctsEventId,
        String stationId,
        long arrivedAt,
        long leftAt,
        long occurredAt,
        long recordedAt)
        implements WorkOrderEvent {}
