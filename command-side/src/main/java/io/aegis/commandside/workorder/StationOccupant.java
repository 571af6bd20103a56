package io.aegis.commandside.workorder;

/** The work order whose vehicle is at a station. */
public record StationOccupant(String stationId, String workOrderId, String vin) {}
