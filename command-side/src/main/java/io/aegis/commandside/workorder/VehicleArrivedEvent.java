package io.aegis.commandside.workorder;

/** The vehicle arrived at a station. */
public record VehicleArrivedEvent(String workOrderId, String vin, String stationId, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
