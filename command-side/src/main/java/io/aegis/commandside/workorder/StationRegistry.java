package io.aegis.commandside.workorder;

import java.util.Optional;

/**
 * Which vehicle is at which station, across all work orders. The aggregate calls it inside the command's
 * transaction, so a claim exists exactly when the arrival event does.
 */
public interface StationRegistry {

    /**
     * Claims {@code stationId} for the work order. Returns the current occupant when another work order holds the
     * station; a concurrent claim waits until the first one commits or rolls back.
     */
    Optional<StationOccupant> claim(String stationId, String workOrderId, String vin, long arrivedAt);

    /** Releases the station when this work order holds it. */
    void release(String stationId, String workOrderId);
}
