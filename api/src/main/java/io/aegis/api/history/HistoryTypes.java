package io.aegis.api.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.alerts.Alert;
import io.aegis.api.clickhouse.Rows;
import io.aegis.api.workorders.Defect;
import java.util.List;
import reactor.core.publisher.Mono;

/** GraphQL types of the time-travel and event-history queries. */
final class HistoryTypes {

    private HistoryTypes() {}

    /**
     * The arguments of one vinAt query; each field of the snapshot is loaded only when requested. {@code windowVisits}
     * is the cached lookup of the VIN's visits in the window, shared by the samples and tightening results.
     */
    record VinSnapshot(String vin, long at, long windowMs, int maxPoints, Mono<List<StationSpan>> windowVisits) {}

    /** A time span [from, to] at one station, both ends inclusive. */
    record StationSpan(String stationId, long from, long to) {}

    record StationVisit(String stationId, String workOrderId, long arrivedAt, Long leftAt) {}

    record WorkOrderAsOf(String workOrderId, String state, String lastEventType, long lastEventAt) {}

    record SamplePoint(String stationId, long timestamp, double torque, double minTorque, double maxTorque, int count) {

        static SamplePoint fromRow(JsonNode row) {
            return new SamplePoint(
                    Rows.textOrEmpty(row, "station_id"),
                    Rows.number(row, "point_timestamp"),
                    Rows.decimal(row, "mean_torque"),
                    Rows.decimal(row, "min_torque"),
                    Rows.decimal(row, "max_torque"),
                    (int) Rows.number(row, "samples"));
        }
    }

    record SampleWindow(
            long from,
            long to,
            boolean downsampled,
            Long bucketMs,
            long totalSamples,
            java.util.List<SamplePoint> points) {}

    record Score(
            String stationId,
            long seq,
            long timestamp,
            double score,
            double torque,
            String vin,
            String modelName,
            String modelVersion) {

        static final String COLUMNS = "station_id, seq, timestamp, score, torque, vin, model_name, model_version";

        static Score fromRow(JsonNode row) {
            return new Score(
                    Rows.textOrEmpty(row, "station_id"),
                    Rows.number(row, "seq"),
                    Rows.number(row, "timestamp"),
                    Rows.decimal(row, "score"),
                    Rows.decimal(row, "torque"),
                    Rows.text(row, "vin"),
                    Rows.text(row, "model_name"),
                    Rows.text(row, "model_version"));
        }
    }

    record TighteningResult(
            String stationId,
            String tighteningId,
            long timestamp,
            boolean ok,
            double finalTorque,
            double finalAngleDeg,
            double torqueMin,
            double torqueMax,
            double torqueTarget,
            long durationMs,
            String vin,
            String controller,
            int spindle,
            String rawStatus) {

        static final String COLUMNS = "station_id, tightening_id, timestamp, ok, final_torque, final_angle_deg,"
                + " torque_min, torque_max, torque_target, duration_ms, vin, controller, spindle, raw_status";

        static TighteningResult fromRow(JsonNode row) {
            return new TighteningResult(
                    Rows.textOrEmpty(row, "station_id"),
                    Rows.textOrEmpty(row, "tightening_id"),
                    Rows.number(row, "timestamp"),
                    Rows.flag(row, "ok"),
                    Rows.decimal(row, "final_torque"),
                    Rows.decimal(row, "final_angle_deg"),
                    Rows.decimal(row, "torque_min"),
                    Rows.decimal(row, "torque_max"),
                    Rows.decimal(row, "torque_target"),
                    Rows.number(row, "duration_ms"),
                    Rows.text(row, "vin"),
                    Rows.text(row, "controller"),
                    (int) Rows.number(row, "spindle"),
                    Rows.text(row, "raw_status"));
        }
    }

    record Foresight(Defect defect, Alert firstAlert, Long leadTimeMs, boolean sawItComing) {}

    record MesEvent(
            String eventId,
            String workOrderId,
            String vin,
            long aggregateSequence,
            String eventType,
            String stationId,
            long occurredAt,
            long recordedAt,
            String correctsEventId,
            String correctedByEventId,
            String ecu,
            String firmware,
            String defectCode,
            String payloadJson) {

        static final String COLUMNS = "event_id, work_order_id, vin, aggregate_sequence, event_type, station_id,"
                + " occurred_at, recorded_at, corrects_event_id, ecu, firmware, defect_code, payload_json";

        static MesEvent fromRow(JsonNode row) {
            return new MesEvent(
                    Rows.textOrEmpty(row, "event_id"),
                    Rows.textOrEmpty(row, "work_order_id"),
                    Rows.text(row, "vin"),
                    Rows.number(row, "aggregate_sequence"),
                    Rows.textOrEmpty(row, "event_type"),
                    Rows.text(row, "station_id"),
                    Rows.number(row, "occurred_at"),
                    Rows.number(row, "recorded_at"),
                    Rows.text(row, "corrects_event_id"),
                    null,
                    Rows.text(row, "ecu"),
                    Rows.text(row, "firmware"),
                    Rows.text(row, "defect_code"),
                    Rows.text(row, "payload_json"));
        }

        MesEvent correctedBy(String eventId) {
            return new MesEvent(
                    this.eventId,
                    workOrderId,
                    vin,
                    aggregateSequence,
                    eventType,
                    stationId,
                    occurredAt,
                    recordedAt,
                    correctsEventId,
                    eventId,
                    ecu,
                    firmware,
                    defectCode,
                    payloadJson);
        }
    }
}
