package io.aegis.api.stations;

/** The version of one ECU of a vehicle, from the newest successful flash. */
public record EcuFirmware(String ecu, String version, long flashedAt, String stationId) {}
