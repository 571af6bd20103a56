package io.aegis.commandside.workorder;

/** The vehicle left a station. */
public record VehicleLeftEvent(String workOrderId, String vin, String stationId, long occurredAt, long recordedAt)
        implements WorkOrderEvent {}
