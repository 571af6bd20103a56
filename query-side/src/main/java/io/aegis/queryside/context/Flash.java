package io.aegis.queryside.context;

/**
 * One firmware flash of an ECU in a vehicle. Only flashes with result {@code OK} change the vehicle's firmware.
 *
 * @param correctedBy id of the latest FirmwareCorrected event applied to this flash, or empty
 */
public record Flash(
        String eventId,
        String workOrderId,
        String vin,
        String stationId,
        String ecu,
        String version,
        String result,
        long flashedAt,
        String correctedBy) {

    public boolean isOk() {
        return "OK".equalsIgnoreCase(result);
    }
}
