package io.aegis.scorer;

import io.aegis.proto.v1.MesEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vehicle at each station, and the firmware it carried, at a given time, rebuilt from MES events
 * (arrived, left, firmware_flashed). Alerts use it to carry VIN and firmware on a best-effort basis: telemetry that
 * is scored before the covering MES event arrives gets no VIN.
 *
 * <p>NOTE: corrections (station_visit_corrected, firmware_corrected) are not applied; the stored, enriched telemetry
 * in ClickHouse is the reference for VIN and firmware.
 */
final class StationOccupancy {

    /** Vehicle context of a sample; empty strings where unknown. */
    record Context(String vin, String firmware, String workOrderId) {
        static final Context UNKNOWN = new Context("", "", "");
    }

    private static final int MAX_VISITS_PER_STATION = 64;
    private static final int MAX_FLASHES_PER_WORK_ORDER = 64;

    /** Work orders remembered for VIN and firmware; the least recently used are forgotten first. */
    private static final int MAX_WORK_ORDERS = 50_000;

    private final Map<String, Deque<Visit>> visitsByStation = new HashMap<>();
    private final Map<String, Deque<Flash>> flashesByWorkOrder = bounded();
    private final Map<String, String> vinByWorkOrder = bounded();

    private static final class Visit {
        final String workOrderId;
        final String vin;
        final long arrivedAt;
        long leftAt;

        Visit(String workOrderId, String vin, long arrivedAt) {
            this.workOrderId = workOrderId;
            this.vin = vin;
            this.arrivedAt = arrivedAt;
        }
    }

    private record Flash(long flashedAt, String version) {}

    synchronized void apply(MesEvent event) {
        rememberVin(event);
        switch (event.getPayloadCase()) {
            case ARRIVED -> arrived(event);
            case LEFT -> left(event);
            case FIRMWARE_FLASHED -> flashed(event);
            default -> {}
        }
    }

    /** Returns the vehicle at {@code stationId} at {@code timestamp} with its firmware as of then. */
    synchronized Context at(String stationId, long timestamp) {
        Deque<Visit> visits = visitsByStation.get(stationId);
        if (visits == null) {
            return Context.UNKNOWN;
        }
        for (Iterator<Visit> it = visits.descendingIterator(); it.hasNext(); ) {
            Visit visit = it.next();
            if (visit.arrivedAt <= timestamp && (visit.leftAt == 0 || timestamp < visit.leftAt)) {
                String vin = visit.vin.isEmpty() ? vinByWorkOrder.getOrDefault(visit.workOrderId, "") : visit.vin;
                return new Context(vin, firmwareAt(visit.workOrderId, timestamp), visit.workOrderId);
            }
        }
        return Context.UNKNOWN;
    }

    /** Remembers the work order's VIN from any event that carries it, for visits whose own event did not. */
    private void rememberVin(MesEvent event) {
        String vin = event.hasCreated() && !event.getCreated().getVin().isEmpty()
                ? event.getCreated().getVin()
                : event.getVin();
        if (!vin.isEmpty()) {
            vinByWorkOrder.put(event.getWorkOrderId(), vin);
        }
    }

    private void arrived(MesEvent event) {
        Deque<Visit> visits =
                visitsByStation.computeIfAbsent(event.getArrived().getStationId(), id -> new ArrayDeque<>());
        visits.addLast(new Visit(event.getWorkOrderId(), event.getVin(), event.getOccurredAt()));
        if (visits.size() > MAX_VISITS_PER_STATION) {
            visits.removeFirst();
        }
    }

    private void left(MesEvent event) {
        Deque<Visit> visits = visitsByStation.get(event.getLeft().getStationId());
        if (visits == null) {
            return;
        }
        for (Iterator<Visit> it = visits.descendingIterator(); it.hasNext(); ) {
            Visit visit = it.next();
            if (visit.workOrderId.equals(event.getWorkOrderId()) && visit.leftAt == 0) {
                visit.leftAt = event.getOccurredAt();
                return;
            }
        }
    }

    private void flashed(MesEvent event) {
        String result = event.getFirmwareFlashed().getResult();
        if (!result.isEmpty() && !result.equals("OK")) {
            return;
        }
        Deque<Flash> flashes = flashesByWorkOrder.get(event.getWorkOrderId());
        if (flashes == null) {
            flashes = new ArrayDeque<>();
        }
        // Re-inserting moves the work order to the most recent end of the access-ordered map.
        flashesByWorkOrder.put(event.getWorkOrderId(), flashes);
        flashes.addLast(
                new Flash(event.getOccurredAt(), event.getFirmwareFlashed().getVersion()));
        if (flashes.size() > MAX_FLASHES_PER_WORK_ORDER) {
            flashes.removeFirst();
        }
    }

    /** Returns the version most recently flashed with result OK into the work order's vehicle, over all ECUs. */
    private String firmwareAt(String workOrderId, long timestamp) {
        Deque<Flash> flashes = flashesByWorkOrder.get(workOrderId);
        if (flashes == null) {
            return "";
        }
        Flash latest = null;
        for (Flash flash : flashes) {
            if (flash.flashedAt() <= timestamp && (latest == null || flash.flashedAt() >= latest.flashedAt())) {
                latest = flash;
            }
        }
        return latest == null ? "" : latest.version();
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_WORK_ORDERS;
            }
        };
    }
}
