package io.aegis.commandside.history;

import io.aegis.proto.v1.EcuFirmware;
import io.aegis.proto.v1.FirmwareCorrected;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.StationVisit;
import io.aegis.proto.v1.StationVisitCorrected;
import io.aegis.proto.v1.WorkOrderLifecycle;
import io.aegis.proto.v1.WorkOrderView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the state of a work order from its published events, for a point in event time and a point in recorded
 * time.
 *
 * <p>Recorded time selects what was known: events recorded after {@code asKnownAt}, corrections included, are left
 * out. Event time selects what was true: corrections are applied to the events they name first, whenever the
 * correction itself was made, and then only events whose (corrected) time is at or before {@code asOf} count. A
 * station-visit correction gives the arrival its corrected {@code arrived_at} and the matching departure its
 * corrected {@code left_at}; a firmware correction keeps the flash's time. Zero for either time means no limit.
 */
final class WorkOrderHistoryFold {

    private static final String FIRMWARE_OK = "OK";

    private final Map<String, String> arrivalOfDeparture = new HashMap<>();
    private final Map<String, StationVisitCorrected> visitCorrections = new HashMap<>();
    private final Map<String, MesEvent> visitCorrectionEvents = new HashMap<>();
    private final Map<String, FirmwareCorrected> firmwareCorrections = new HashMap<>();
    private final Map<String, MesEvent> firmwareCorrectionEvents = new HashMap<>();

    private final WorkOrderView.Builder view = WorkOrderView.newBuilder().setLastSequence(-1);
    private final Map<String, StationVisit.Builder> visits = new LinkedHashMap<>();
    private final Map<String, EcuFirmware> firmware = new LinkedHashMap<>();
    private WorkOrderLifecycle lifecycleBeforeHold = WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_UNSPECIFIED;
    private String openArrivalId;

    private WorkOrderHistoryFold() {}

    /** Returns the events of {@code events} recorded at or before {@code asKnownAt}; all of them when it is 0. */
    static List<MesEvent> known(List<MesEvent> events, long asKnownAt) {
        if (asKnownAt <= 0) {
            return events;
        }
        return events.stream()
                .filter(event -> event.getRecordedAt() <= asKnownAt)
                .toList();
    }

    /** Folds the events of one work order, in aggregate order, into its state. */
    static WorkOrderView fold(List<MesEvent> events, long asOf, long asKnownAt) {
        WorkOrderHistoryFold fold = new WorkOrderHistoryFold();
        List<MesEvent> known = known(events, asKnownAt);
        fold.indexCorrections(known);
        for (MesEvent event : known) {
            if (!event.getCorrectsEventId().isEmpty()) {
                continue;
            }
            if (asOf <= 0 || fold.effectiveTime(event) <= asOf) {
                fold.apply(event);
            }
        }
        return fold.build();
    }

    private void indexCorrections(List<MesEvent> events) {
        String open = null;
        for (MesEvent event : events) {
            switch (event.getPayloadCase()) {
                case ARRIVED -> open = event.getEventId();
                case LEFT -> {
                    arrivalOfDeparture.put(event.getEventId(), open);
                    open = null;
                }
                case STATION_VISIT_CORRECTED -> {
                    String arrivalId =
                            arrivalOfDeparture.getOrDefault(event.getCorrectsEventId(), event.getCorrectsEventId());
                    visitCorrections.put(arrivalId, event.getStationVisitCorrected());
                    visitCorrectionEvents.put(arrivalId, event);
                }
                case FIRMWARE_CORRECTED -> {
                    firmwareCorrections.put(event.getCorrectsEventId(), event.getFirmwareCorrected());
                    firmwareCorrectionEvents.put(event.getCorrectsEventId(), event);
                }
                default -> {}
            }
        }
    }

    private long effectiveTime(MesEvent event) {
        StationVisitCorrected correction = visitCorrectionOf(event);
        if (correction != null && event.hasArrived() && correction.getArrivedAt() != 0) {
            return correction.getArrivedAt();
        }
        if (correction != null && event.hasLeft() && correction.getLeftAt() != 0) {
            return correction.getLeftAt();
        }
        return event.getOccurredAt();
    }

    private StationVisitCorrected visitCorrectionOf(MesEvent event) {
        if (event.hasArrived()) {
            return visitCorrections.get(event.getEventId());
        }
        if (event.hasLeft()) {
            String arrivalId = arrivalOfDeparture.get(event.getEventId());
            return arrivalId == null ? null : visitCorrections.get(arrivalId);
        }
        return null;
    }

    private void apply(MesEvent event) {
        view.setLastSequence(Math.max(view.getLastSequence(), event.getAggregateSequence()));
        switch (event.getPayloadCase()) {
            case CREATED ->
                view.setWorkOrderId(event.getWorkOrderId())
                        .setVin(event.getCreated().getVin())
                        .setModel(event.getCreated().getModel())
                        .setVariant(event.getCreated().getVariant())
                        .addAllRoute(event.getCreated().getRouteList())
                        .addAllVinFlags(event.getCreated().getVinFlagsList())
                        .setLifecycle(WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_PLANNED);
            case RELEASED -> view.setLifecycle(WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_RELEASED);
            case ARRIVED -> arrive(event);
            case LEFT -> leave(event);
            case FIRMWARE_FLASHED -> flash(event);
            case DEFECT_REPORTED -> view.addDefects(event.getDefectReported());
            case HELD -> {
                lifecycleBeforeHold = view.getLifecycle();
                view.setLifecycle(WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_ON_HOLD);
            }
            case RESUMED -> view.setLifecycle(lifecycleBeforeHold);
            case COMPLETED -> view.setLifecycle(WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_COMPLETED);
            case CLOSED -> view.setLifecycle(WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_CLOSED);
            default -> {}
        }
    }

    private void arrive(MesEvent event) {
        StationVisitCorrected correction = visitCorrections.get(event.getEventId());
        noteCorrection(visitCorrectionEvents.get(event.getEventId()));
        String station = correction != null && !correction.getStationId().isEmpty()
                ? correction.getStationId()
                : event.getArrived().getStationId();
        visits.put(
                event.getEventId(),
                StationVisit.newBuilder()
                        .setStationId(station)
                        .setArrivedAt(effectiveTime(event))
                        .setArrivalEventId(event.getEventId()));
        openArrivalId = event.getEventId();
        view.setLifecycle(WorkOrderLifecycle.WORK_ORDER_LIFECYCLE_IN_PROGRESS);
    }

    private void leave(MesEvent event) {
        String arrivalId = arrivalOfDeparture.get(event.getEventId());
        StationVisit.Builder visit = arrivalId == null ? null : visits.get(arrivalId);
        if (visit == null) {
            // The arrival lies after the requested time (after a correction), so this visit does not count.
            return;
        }
        visit.setLeftAt(effectiveTime(event)).setDepartureEventId(event.getEventId());
        if (arrivalId.equals(openArrivalId)) {
            openArrivalId = null;
        }
    }

    private void flash(MesEvent event) {
        if (!FIRMWARE_OK.equals(event.getFirmwareFlashed().getResult())) {
            return;
        }
        FirmwareCorrected correction = firmwareCorrections.get(event.getEventId());
        noteCorrection(firmwareCorrectionEvents.get(event.getEventId()));
        EcuFirmware.Builder flashed = EcuFirmware.newBuilder()
                .setEcu(event.getFirmwareFlashed().getEcu())
                .setVersion(event.getFirmwareFlashed().getVersion())
                .setStationId(event.getFirmwareFlashed().getStationId())
                .setEventId(event.getEventId());
        if (correction != null) {
            flashed.setEcu(correction.getEcu())
                    .setVersion(correction.getVersion())
                    .setStationId(correction.getStationId());
        }
        firmware.put(flashed.getEcu(), flashed.build());
    }

    private void noteCorrection(MesEvent correction) {
        if (correction != null) {
            view.setLastSequence(Math.max(view.getLastSequence(), correction.getAggregateSequence()));
        }
    }

    private WorkOrderView build() {
        List<StationVisit> builtVisits = new ArrayList<>();
        visits.values().forEach(visit -> builtVisits.add(visit.build()));
        StationVisit open =
                openArrivalId == null ? null : visits.get(openArrivalId).build();
        return view.addAllVisits(builtVisits)
                .addAllFirmware(firmware.values())
                .setCurrentStationId(open == null ? "" : open.getStationId())
                .build();
    }
}
