package io.aegis.commandside.workorder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory station and VIN registries for aggregate fixture tests, which run without a database. The JDBC
 * registries, including their behaviour under concurrent commands, are covered by the integration tests.
 */
final class InMemoryRegistries implements StationRegistry, VinRegistry {

    final Map<String, StationOccupant> stations = new HashMap<>();
    final Map<String, String> openVins = new HashMap<>();
    final List<String> closed = new ArrayList<>();

    @Override
    public Optional<StationOccupant> claim(String stationId, String workOrderId, String vin, long arrivedAt) {
        StationOccupant occupant = stations.get(stationId);
        if (occupant != null) {
            return Optional.of(occupant);
        }
        stations.put(stationId, new StationOccupant(stationId, workOrderId, vin));
        return Optional.empty();
    }

    @Override
    public void release(String stationId, String workOrderId) {
        stations.remove(stationId);
    }

    @Override
    public Optional<String> register(String workOrderId, String vin, long createdAt) {
        String open = openVins.get(vin);
        if (open != null) {
            return Optional.of(open);
        }
        openVins.put(vin, workOrderId);
        return Optional.empty();
    }

    @Override
    public void markClosed(String workOrderId) {
        closed.add(workOrderId);
        openVins.values().remove(workOrderId);
    }

    @Override
    public Optional<String> findOpenWorkOrder(String vin) {
        return Optional.ofNullable(openVins.get(vin));
    }

    @Override
    public List<String> findWorkOrders(String vin) {
        return findOpenWorkOrder(vin).stream().toList();
    }
}
