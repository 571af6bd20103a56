package io.aegis.queryside.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.proto.v1.MesEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned work-order context of every station, built from MES events in stream order: occupancy intervals from
 * arrivals and departures, and each vehicle's firmware per ECU from flashes. Lookups are by event time, so a sample
 * is joined with the context that was valid at its own timestamp (like Flink's {@code FOR SYSTEM_TIME AS OF}), not
 * with the current one.
 *
 * <p>Each station has a watermark: the latest {@code occurred_at} of any MES event naming it. A sample at or before
 * the watermark is covered. A later one may still be claimed by an MES event that has not arrived. For that reason
 * callers hold such samples for a grace period, and applying an event returns the ranges of samples it changes. Context
 * older than {@code retention} behind the newest event is dropped;
 * samples before the retained history are {@link EnrichmentStatus#UNJOINED_TOO_OLD}.
 *
 * <p>Thread safety: every method is synchronized. The MES consumer applies events while writers enrich samples.
 */
public final class MesContext {

    private static final Logger log = LoggerFactory.getLogger(MesContext.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Visit> BY_ARRIVAL =
            Comparator.comparingLong(Visit::arrivedAt).thenComparing(Visit::arrivalEventId);
    private static final Comparator<Flash> BY_FLASH_TIME =
            Comparator.comparingLong(Flash::flashedAt).thenComparing(Flash::eventId);

    private final long retentionMs;
    private final Map<String, NavigableSet<Visit>> visitsByStation = new HashMap<>();
    /** Arrival event id of the visit, keyed by every event that created, closed or corrected it. */
    private final Map<String, String> visitIdByEvent = new HashMap<>();

    private final Map<String, Visit> visitsById = new HashMap<>();
    /** Departures that came before their arrival, keyed by work order and station. */
    private final Map<String, MesEvent> earlyDepartures = new HashMap<>();

    private final Map<String, NavigableSet<Flash>> flashesByWorkOrder = new HashMap<>();
    /** Flash event id, keyed by the flash event itself and every correction of it. */
    private final Map<String, String> flashIdByEvent = new HashMap<>();

    private final Map<String, Flash> flashesById = new HashMap<>();
    private final Map<String, String> vinByWorkOrder = new HashMap<>();
    private final Map<String, String> vinFlagsByWorkOrder = new HashMap<>();
    private final Map<String, Long> watermarkByStation = new HashMap<>();
    /** Receive time of every applied event, to drop duplicates and to prune with the history. */
    private final Map<String, Long> appliedEvents = new HashMap<>();
    /** Receive time of the latest event that changed each visit. */
    private final Map<String, Long> visitReceivedAt = new HashMap<>();

    private final Map<String, Long> workOrderReceivedAt = new HashMap<>();
    /** Per station, the end of the latest visit dropped from the history. */
    private final Map<String, Long> horizonByStation = new HashMap<>();

    private long newestReceivedAt = Long.MIN_VALUE;
    private long lastPruneAt = Long.MIN_VALUE;
    private long appliedCount;
    private long streamHorizon = Long.MIN_VALUE;
    private long unknownCorrections;

    public MesContext(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    /** Changes caused by one event: rows for the read models and samples to enrich again. */
    public record Applied(
            boolean duplicate,
            List<Visit> visitsWritten,
            List<Visit> visitsSuperseded,
            List<Flash> flashesWritten,
            List<StaleRange> staleRanges,
            List<StaleRange> lateRanges) {

        static Applied ignored() {
            return new Applied(true, List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }

    /**
     * Sets the event time before which the MES stream may have dropped events. Samples before it cannot be joined
     * reliably at any station.
     */
    public synchronized void setStreamHorizon(long epochMs) {
        streamHorizon = epochMs;
    }

    /** Applies one event received at its {@code occurred_at}; see {@link #apply(MesEvent, long)}. */
    public synchronized Applied apply(MesEvent event) {
        return apply(event, event.getOccurredAt());
    }

    /**
     * Applies one event and returns what changed. Events already applied (same event id) change nothing.
     *
     * @param receivedAt when the event reached the stream (its JetStream timestamp); retention is measured on this
     *     clock, like the stream's own, so events that occurred long ago but were published now are kept
     */
    public synchronized Applied apply(MesEvent event, long receivedAt) {
        if (appliedEvents.containsKey(event.getEventId())) {
            return Applied.ignored();
        }
        appliedEvents.put(event.getEventId(), receivedAt);
        appliedCount++;
        newestReceivedAt = Math.max(newestReceivedAt, receivedAt);
        workOrderReceivedAt.merge(event.getWorkOrderId(), receivedAt, Math::max);
        if (!event.getVin().isBlank()) {
            vinByWorkOrder.put(event.getWorkOrderId(), event.getVin());
        }
        Change change = new Change(Map.copyOf(watermarkByStation));
        switch (event.getPayloadCase()) {
            case CREATED -> {
                rememberVin(event.getWorkOrderId(), event.getCreated().getVin());
                vinFlagsByWorkOrder.put(
                        event.getWorkOrderId(),
                        String.join(",", event.getCreated().getVinFlagsList()));
            }
            case ARRIVED -> arrive(event, change);
            case LEFT -> leave(event, change);
            case FIRMWARE_FLASHED -> flash(event, change);
            case STATION_VISIT_CORRECTED -> correctVisit(event, change);
            case FIRMWARE_CORRECTED -> correctFlash(event, change);
            default -> {
                // Other events carry no occupancy or firmware facts; they only advance the station's watermark.
            }
        }
        String station = stationOf(event);
        if (!station.isBlank()) {
            advanceWatermark(station, event.getOccurredAt(), change);
        }
        for (Visit visit : change.visitsWritten) {
            visitReceivedAt.merge(visit.arrivalEventId(), receivedAt, Math::max);
        }
        if (lastPruneAt == Long.MIN_VALUE) {
            lastPruneAt = newestReceivedAt;
        } else if (newestReceivedAt - lastPruneAt >= pruneIntervalMs()) {
            prune();
        }
        return new Applied(
                false,
                change.visitsWritten,
                change.visitsSuperseded,
                change.flashesWritten,
                List.copyOf(change.stale.values()),
                List.copyOf(change.late.values()));
    }

    /**
     * Returns the context of a sample taken at {@code timestamp} on {@code stationId}: JOINED when a vehicle occupied
     * the station then, NO_WORK_ORDER when the station has MES context but was empty, PENDING_MES when the station
     * has no MES context yet. Callers hold samples beyond the station's watermark for the grace period first,
     * because an MES event that changes the result may still be on its way.
     */
    public synchronized Enrichment enrich(String stationId, long timestamp) {
        if (timestamp < horizon(stationId)) {
            return Enrichment.without(EnrichmentStatus.UNJOINED_TOO_OLD);
        }
        Visit visit = occupant(stationId, timestamp);
        if (visit == null) {
            boolean known = watermarkByStation.containsKey(stationId);
            return Enrichment.without(known ? EnrichmentStatus.NO_WORK_ORDER : EnrichmentStatus.PENDING_MES);
        }
        TreeMap<String, String> ecus = new TreeMap<>();
        String firmware = "";
        for (Flash flash : flashesByWorkOrder.getOrDefault(visit.workOrderId(), new TreeSet<>(BY_FLASH_TIME))) {
            if (flash.flashedAt() > timestamp) {
                break;
            }
            if (flash.isOk()) {
                ecus.put(flash.ecu(), flash.version());
                firmware = flash.version();
            }
        }
        return new Enrichment(
                vinOf(visit),
                vinFlagsByWorkOrder.getOrDefault(visit.workOrderId(), ""),
                firmware,
                toJson(ecus),
                visit.workOrderId(),
                EnrichmentStatus.JOINED);
    }

    /**
     * Returns how many events have been applied so far. Two equal readings mean that no enrichment result changed
     * in between.
     */
    public synchronized long appliedCount() {
        return appliedCount;
    }

    /** Returns the station's watermark, or {@link Long#MIN_VALUE} before its first MES event. */
    public synchronized long watermark(String stationId) {
        return watermarkByStation.getOrDefault(stationId, Long.MIN_VALUE);
    }

    /** Returns the earliest timestamp the retained context of {@code stationId} can join. */
    public synchronized long horizon(String stationId) {
        return Math.max(streamHorizon, horizonByStation.getOrDefault(stationId, Long.MIN_VALUE));
    }

    /** Returns the number of corrections naming an event this context does not hold. */
    public synchronized long unknownCorrections() {
        return unknownCorrections;
    }

    /** Returns the VIN of a work order as the MES events reported it, or an empty string. */
    public synchronized String vinOf(String workOrderId) {
        return vinByWorkOrder.getOrDefault(workOrderId, "");
    }

    /** Returns every retained visit of {@code stationId}, oldest first. */
    public synchronized List<Visit> visits(String stationId) {
        return List.copyOf(visitsByStation.getOrDefault(stationId, new TreeSet<>(BY_ARRIVAL)));
    }

    private void arrive(MesEvent event, Change change) {
        String station = event.getArrived().getStationId();
        Visit visit = new Visit(
                event.getEventId(), event.getWorkOrderId(), vinOf(event), station, event.getOccurredAt(), 0, "", "");
        MesEvent departure = earlyDepartures.remove(event.getWorkOrderId() + "|" + station);
        if (departure != null && departure.getOccurredAt() >= visit.arrivedAt()) {
            visit = visit.withLeft(departure.getOccurredAt(), departure.getEventId());
            visitIdByEvent.put(departure.getEventId(), visit.arrivalEventId());
        }
        insertVisit(visit);
        visitIdByEvent.put(event.getEventId(), visit.arrivalEventId());
        change.visitsWritten.add(visit);
        change.stale(station, visit.arrivedAt(), domainEnd(visit));
    }

    private void leave(MesEvent event, Change change) {
        String station = event.getLeft().getStationId();
        Visit open = latestOpenVisit(event.getWorkOrderId(), station);
        if (open == null) {
            // Kept until the arrival comes; an arrival pruned from the history never does.
            earlyDepartures.put(event.getWorkOrderId() + "|" + station, event);
            log.debug(
                    "[mes] {} left {} at {} before its arrival is known",
                    event.getWorkOrderId(),
                    station,
                    event.getOccurredAt());
            return;
        }
        Visit closed = open.withLeft(Math.max(event.getOccurredAt(), open.arrivedAt()), event.getEventId());
        replaceVisit(open, closed);
        visitIdByEvent.put(event.getEventId(), closed.arrivalEventId());
        change.visitsWritten.add(closed);
        change.stale(station, closed.leftAt(), domainEnd(closed));
    }

    private void flash(MesEvent event, Change change) {
        var flashed = event.getFirmwareFlashed();
        Flash flash = new Flash(
                event.getEventId(),
                event.getWorkOrderId(),
                vinOf(event),
                flashed.getStationId(),
                flashed.getEcu(),
                flashed.getVersion(),
                flashed.getResult(),
                event.getOccurredAt(),
                "");
        putFlash(flash);
        flashIdByEvent.put(event.getEventId(), flash.eventId());
        change.flashesWritten.add(flash);
        staleFromFlash(flash, change);
    }

    private void correctVisit(MesEvent event, Change change) {
        String visitId = visitIdByEvent.get(event.getCorrectsEventId());
        Visit old = visitId == null ? null : visitsById.get(visitId);
        if (old == null) {
            unknownCorrection(event);
            return;
        }
        var corrected = event.getStationVisitCorrected();
        Visit updated = new Visit(
                old.arrivalEventId(),
                old.workOrderId(),
                old.vin(),
                corrected.getStationId().isBlank() ? old.stationId() : corrected.getStationId(),
                corrected.getArrivedAt() != 0 ? corrected.getArrivedAt() : old.arrivedAt(),
                corrected.getLeftAt() != 0 ? corrected.getLeftAt() : old.leftAt(),
                old.leftEventId(),
                event.getEventId());
        change.stale(old.stationId(), old.arrivedAt(), domainEnd(old));
        replaceVisit(old, updated);
        visitIdByEvent.put(event.getEventId(), updated.arrivalEventId());
        change.stale(updated.stationId(), updated.arrivedAt(), domainEnd(updated));
        if (!sameKey(old, updated)) {
            change.visitsSuperseded.add(old);
        }
        change.visitsWritten.add(updated);
        // The watermark of a station the visit moved to or from must cover the corrected times.
        advanceWatermark(old.stationId(), event.getOccurredAt(), change);
    }

    private void correctFlash(MesEvent event, Change change) {
        String flashId = flashIdByEvent.get(event.getCorrectsEventId());
        Flash old = flashId == null ? null : flashesById.get(flashId);
        if (old == null) {
            unknownCorrection(event);
            return;
        }
        var corrected = event.getFirmwareCorrected();
        Flash updated = new Flash(
                old.eventId(),
                old.workOrderId(),
                old.vin(),
                corrected.getStationId().isBlank() ? old.stationId() : corrected.getStationId(),
                corrected.getEcu().isBlank() ? old.ecu() : corrected.getEcu(),
                corrected.getVersion().isBlank() ? old.version() : corrected.getVersion(),
                old.result(),
                old.flashedAt(),
                event.getEventId());
        putFlash(updated);
        flashIdByEvent.put(event.getEventId(), updated.eventId());
        change.flashesWritten.add(updated);
        staleFromFlash(updated, change);
    }

    private void unknownCorrection(MesEvent event) {
        unknownCorrections++;
        log.warn(
                "[mes] correction {} of {} names an event that is not in the retained context; it is stored but"
                        + " changes no enrichment",
                event.getEventId(),
                event.getCorrectsEventId());
    }

    /** Marks stale every sample of the flashed vehicle from the flash on, at every station the vehicle visits. */
    private void staleFromFlash(Flash flash, Change change) {
        for (Visit visit : visitsById.values()) {
            if (visit.workOrderId().equals(flash.workOrderId())
                    && (visit.isOpen() || visit.leftAt() > flash.flashedAt())) {
                long from = Math.max(visit.arrivedAt(), flash.flashedAt());
                long to = visit.isOpen() ? domainEnd(visit) : Math.min(visit.leftAt() - 1, domainEnd(visit));
                change.stale(visit.stationId(), from, to);
            }
        }
    }

    private void advanceWatermark(String station, long occurredAt, Change change) {
        long previous = watermarkByStation.getOrDefault(station, Long.MIN_VALUE);
        if (occurredAt > previous) {
            watermarkByStation.put(station, occurredAt);
            // Samples stored PENDING_MES up to the new watermark are now covered. This range is not late: rows
            // stored before the event beyond the old watermark are all PENDING_MES.
            change.stale.merge(station, new StaleRange(station, previous, occurredAt), StaleRange::union);
        }
    }

    /** Returns the vehicle that arrived last at or before {@code timestamp}, unless it had left by then. */
    private Visit occupant(String stationId, long timestamp) {
        NavigableSet<Visit> visits = visitsByStation.get(stationId);
        if (visits == null) {
            return null;
        }
        Visit probe = new Visit("\uffff", "", "", stationId, timestamp, 0, "", "");
        Visit latest = visits.floor(probe);
        return latest != null && latest.covers(timestamp) ? latest : null;
    }

    /** Last timestamp whose lookup depends on {@code visit}: just before the station's next arrival. */
    private long domainEnd(Visit visit) {
        NavigableSet<Visit> visits = visitsByStation.get(visit.stationId());
        Visit next = visits == null ? null : visits.higher(visit);
        return next == null ? Long.MAX_VALUE : next.arrivedAt() - 1;
    }

    private Visit latestOpenVisit(String workOrderId, String station) {
        NavigableSet<Visit> visits = visitsByStation.get(station);
        if (visits == null) {
            return null;
        }
        for (Iterator<Visit> it = visits.descendingIterator(); it.hasNext(); ) {
            Visit visit = it.next();
            if (visit.workOrderId().equals(workOrderId) && visit.isOpen()) {
                return visit;
            }
        }
        return null;
    }

    private void insertVisit(Visit visit) {
        visitsByStation
                .computeIfAbsent(visit.stationId(), s -> new TreeSet<>(BY_ARRIVAL))
                .add(visit);
        visitsById.put(visit.arrivalEventId(), visit);
    }

    private void replaceVisit(Visit old, Visit updated) {
        NavigableSet<Visit> visits = visitsByStation.get(old.stationId());
        if (visits != null) {
            visits.remove(old);
        }
        insertVisit(updated);
    }

    private void putFlash(Flash flash) {
        NavigableSet<Flash> flashes =
                flashesByWorkOrder.computeIfAbsent(flash.workOrderId(), w -> new TreeSet<>(BY_FLASH_TIME));
        Flash old = flashesById.put(flash.eventId(), flash);
        if (old != null) {
            flashes.remove(old);
        }
        flashes.add(flash);
    }

    private void rememberVin(String workOrderId, String vin) {
        if (!vin.isBlank()) {
            vinByWorkOrder.put(workOrderId, vin);
        }
    }

    private String vinOf(MesEvent event) {
        return event.getVin().isBlank() ? vinByWorkOrder.getOrDefault(event.getWorkOrderId(), "") : event.getVin();
    }

    private String vinOf(Visit visit) {
        return visit.vin().isBlank() ? vinByWorkOrder.getOrDefault(visit.workOrderId(), "") : visit.vin();
    }

    private static boolean sameKey(Visit a, Visit b) {
        return a.stationId().equals(b.stationId()) && a.arrivedAt() == b.arrivedAt();
    }

    /** Returns the station an event happened at, or an empty string for work-order-level events. */
    public static String stationOf(MesEvent event) {
        return switch (event.getPayloadCase()) {
            case ARRIVED -> event.getArrived().getStationId();
            case LEFT -> event.getLeft().getStationId();
            case FIRMWARE_FLASHED -> event.getFirmwareFlashed().getStationId();
            case OPERATION_RECORDED -> event.getOperationRecorded().getStationId();
            case DEFECT_REPORTED -> event.getDefectReported().getStationId();
            case STATION_VISIT_CORRECTED -> event.getStationVisitCorrected().getStationId();
            case FIRMWARE_CORRECTED -> event.getFirmwareCorrected().getStationId();
            default -> "";
        };
    }

    /** Prunes at most once per hundredth of the retention, so a replay of the whole stream prunes about 100 times. */
    private long pruneIntervalMs() {
        return Math.max(1_000, retentionMs / 100);
    }

    /**
     * Drops visits closed by events received more than the retention ago, the facts of work orders with no visit left
     * and no recent event, and old event ids. A station's horizon moves to the end of its latest dropped visit.
     */
    private void prune() {
        lastPruneAt = newestReceivedAt;
        long cutoff = newestReceivedAt - retentionMs;
        List<Visit> expired = new ArrayList<>();
        for (Visit visit : visitsById.values()) {
            if (!visit.isOpen() && visitReceivedAt.getOrDefault(visit.arrivalEventId(), Long.MIN_VALUE) < cutoff) {
                expired.add(visit);
            }
        }
        for (Visit visit : expired) {
            visitsById.remove(visit.arrivalEventId());
            visitReceivedAt.remove(visit.arrivalEventId());
            horizonByStation.merge(visit.stationId(), visit.leftAt(), Math::max);
            NavigableSet<Visit> visits = visitsByStation.get(visit.stationId());
            visits.remove(visit);
            if (visits.isEmpty()) {
                visitsByStation.remove(visit.stationId());
            }
        }

        Set<String> liveWorkOrders = new HashSet<>();
        for (Visit visit : visitsById.values()) {
            liveWorkOrders.add(visit.workOrderId());
        }
        workOrderReceivedAt.forEach((workOrder, receivedAt) -> {
            if (receivedAt >= cutoff) {
                liveWorkOrders.add(workOrder);
            }
        });
        workOrderReceivedAt.keySet().retainAll(liveWorkOrders);
        flashesByWorkOrder.keySet().retainAll(liveWorkOrders);
        vinFlagsByWorkOrder.keySet().retainAll(liveWorkOrders);
        vinByWorkOrder.keySet().retainAll(liveWorkOrders);
        flashesById.values().removeIf(flash -> !liveWorkOrders.contains(flash.workOrderId()));
        visitIdByEvent.values().removeIf(id -> !visitsById.containsKey(id));
        flashIdByEvent.values().removeIf(id -> !flashesById.containsKey(id));
        appliedEvents.values().removeIf(receivedAt -> receivedAt < cutoff);
        earlyDepartures.values().removeIf(departure -> !appliedEvents.containsKey(departure.getEventId()));
        if (!expired.isEmpty()) {
            log.debug("[mes] pruned {} visits closed before {}", expired.size(), cutoff);
        }
    }

    private static String toJson(Map<String, String> ecus) {
        if (ecus.isEmpty()) {
            return Enrichment.NO_ECUS;
        }
        try {
            return JSON.writeValueAsString(ecus);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode ECU versions " + ecus, e);
        }
    }

    /**
     * Collects the effects of one event. Stale ranges cover every sample whose enrichment the event changes. Late
     * ranges are the parts of them at or before the station's watermark as it was before the event: samples that
     * may have been stored with the context the event replaces.
     */
    private static final class Change {
        final List<Visit> visitsWritten = new ArrayList<>();
        final List<Visit> visitsSuperseded = new ArrayList<>();
        final List<Flash> flashesWritten = new ArrayList<>();
        final Map<String, StaleRange> stale = new HashMap<>();
        final Map<String, StaleRange> late = new HashMap<>();
        private final Map<String, Long> watermarksBefore;

        Change(Map<String, Long> watermarksBefore) {
            this.watermarksBefore = watermarksBefore;
        }

        void stale(String station, long from, long to) {
            if (from > to) {
                return;
            }
            stale.merge(station, new StaleRange(station, from, to), StaleRange::union);
            long before = watermarksBefore.getOrDefault(station, Long.MIN_VALUE);
            if (from <= before) {
                late.merge(station, new StaleRange(station, from, Math.min(to, before)), StaleRange::union);
            }
        }
    }
}
