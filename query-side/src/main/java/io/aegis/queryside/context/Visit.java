package io.aegis.queryside.context;

/**
 * One stay of a vehicle at a station, from its arrival (inclusive) to its departure (exclusive).
 *
 * @param arrivalEventId id of the VehicleArrived event; the visit's identity across corrections
 * @param leftAt departure time, or 0 while the vehicle is still at the station
 * @param correctedBy id of the latest StationVisitCorrected event applied to this visit, or empty
 */
public record Visit(
        String arrivalEventId,
        String workOrderId,
        String vin,
        String stationId,
        long arrivedAt,
        long leftAt,
        String leftEventId,
        String correctedBy) {

    public boolean isOpen() {
        return leftAt == 0;
    }

    /** Returns whether the vehicle was at the station at {@code timestamp}. */
    public boolean covers(long timestamp) {
        return arrivedAt <= timestamp && (isOpen() || timestamp < leftAt);
    }

    Visit withLeft(long left, String eventId) {
        return new Visit(arrivalEventId, workOrderId, vin, stationId, arrivedAt, left, eventId, correctedBy);
    }
}
