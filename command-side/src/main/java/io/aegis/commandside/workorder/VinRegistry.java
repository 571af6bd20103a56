package io.aegis.commandside.workorder;

import java.util.List;
import java.util.Optional;

/** VIN of every work order, with at most one open (not closed) work order per VIN. */
public interface VinRegistry {

    /**
     * Registers a new work order. Returns the open work order already holding the VIN, or {@code workOrderId} itself
     * when that id is already registered; empty when the registration succeeded.
     */
    Optional<String> register(String workOrderId, String vin, long createdAt);

    void markClosed(String workOrderId);

    Optional<String> findOpenWorkOrder(String vin);

    /** Every work order of the VIN, oldest first. */
    List<String> findWorkOrders(String vin);
}
