package io.aegis.commandside.workorder;

/** One planned stop of a work order: the station, the operation done there and whether it flashes firmware. */
public record RouteStep(String stationId, String operation, boolean flashesFirmware) {}
