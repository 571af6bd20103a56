package io.aegis.api.stations;

/** A station and the vehicle at it now; vin, workOrderId and arrivedAt are null while it is empty. */
public record Station(String id, String vin, String workOrderId, Long arrivedAt) {}
