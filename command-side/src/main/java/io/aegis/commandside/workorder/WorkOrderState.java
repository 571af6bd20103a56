package io.aegis.commandside.workorder;

import java.util.List;
import java.util.Map;

/**
 * Immutable view of a work order aggregate, used to compare a snapshot-loaded aggregate with a full replay and by
 * handlers that decide which commands to issue.
 */
public record WorkOrderState(
        String workOrderId,
        String vin,
        String model,
        String variant,
        List<RouteStep> route,
        List<String> vinFlags,
        Lifecycle lifecycle,
        String currentStationId,
        long lastLeftAt,
        Map<String, String> firmwareByEcu,
        List<Visit> visits,
        List<Flash> flashes,
        List<Defect> defects,
        List<Operation> operations) {

    /** One stay at a station; {@code leftAt} is 0 while the vehicle is still there. */
    public record Visit(
            String arrivalEventId, String departureEventId, String stationId, long arrivedAt, long leftAt) {}

    /** One firmware flash, with corrections applied. */
    public record Flash(String eventId, String stationId, String ecu, String version, String result) {}

    public record Defect(
            String eventId, String code, String description, long detectedAt, String source, String stationId) {}

    public record Operation(String eventId, String stationId, String operation, String resultId, boolean ok) {}
}
