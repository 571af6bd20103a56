package io.aegis.commandside.workorder;

/** An earlier firmware flash was corrected; the named event stays as it was stored. */
public record FirmwareCorrectedEvent(
        String workOrderId,
        String vin,
        String correctsEventId,
        String stationId,
        String ecu,
        String version,
        long occurredAt,
        long recordedAt)
        implements WorkOrderEvent {}
