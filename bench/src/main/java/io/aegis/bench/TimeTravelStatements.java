package io.aegis.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The ClickHouse statements that the api sends for one GraphQL {@code vinAt}, for the benchmark's baseline. They are
 * copies of the SQL in the api's HistoryQueries and StationQueries.firmwareAsOf, with the values rendered as the api's
 * Sql class renders them. The baseline's total includes the time to parse the few result lines that later statements
 * depend on.
 *
 * <p>NOTE: these copies have to change when the api's statements change; the benchmark cannot read them from the api.
 */
final class TimeTravelStatements {

    /** Rows returned for scores, alerts and tightening results (HistoryQueries.MAX_ROWS). */
    private static final int MAX_ROWS = 200;

    private static final String STATE_EVENTS =
            "('created', 'released', 'arrived', 'left', 'held', 'resumed', 'completed', 'closed')";

    private TimeTravelStatements() {}

    /**
     * Statements whose parameters are known before any result arrives, in the order the api's resolvers start them.
     * The first two look up the VIN's visits for {@link #samples}, {@link #tighteningResults} and {@link #scores}.
     * The last looks up the defect for {@link #firstAlertBefore}.
     */
    static List<String> independent(String vin, long at, long windowMs) {
        String v = quote(vin);
        return List.of(
                visitSpans(vin, at - windowMs, at + windowMs),
                visitSpans(vin, 0, at),
                "SELECT station_id, work_order_id, arrived_at FROM station_occupancy FINAL"
                        + " WHERE vin = " + v + " AND superseded_by = '' AND arrived_at <= " + at
                        + " AND (left_at = 0 OR left_at > " + at + ") ORDER BY arrived_at DESC LIMIT 1",
                "SELECT work_order_id AS id, argMax(lower(event_type), aggregate_sequence) AS state_event,"
                        + " max(occurred_at) AS state_at FROM mes_events FINAL WHERE vin = " + v
                        + " AND occurred_at <= " + at + " AND lower(event_type) IN " + STATE_EVENTS
                        + " GROUP BY work_order_id ORDER BY state_at DESC LIMIT 1",
                "SELECT vin, ecu, argMax(firmware, flashed_at) AS version, max(flashed_at) AS last_flashed_at,"
                        + " argMax(station_id, flashed_at) AS flash_station_id FROM firmware_history FINAL"
                        + " WHERE vin = " + v + " AND result = 'OK' AND flashed_at <= " + at + " GROUP BY vin, ecu",
                "SELECT " + ALERT_COLUMNS + " FROM alerts FINAL WHERE vin = " + v + " AND timestamp <= " + at
                        + " ORDER BY timestamp DESC LIMIT " + MAX_ROWS,
                "SELECT event_id, work_order_id, vin, code, description, detected_at, reported_at, source,"
                        + " station_id FROM defects FINAL WHERE vin = " + v + " AND detected_at >= " + at
                        + " ORDER BY detected_at, event_id LIMIT 1");
    }

    /** Builds the api's visit-spans statement, which returns per station the part of [from, to] that the VIN's visits cover. */
    static String visitSpans(String vin, long from, long to) {
        return "SELECT station_id, min(greatest(arrived_at, toInt64(" + from + "))) AS span_from,"
                + " max(if(left_at = 0, toInt64(" + to + "), least(left_at - 1, toInt64(" + to + ")))) AS span_to"
                + " FROM station_occupancy WHERE vin = " + quote(vin) + " AND arrived_at <= " + to
                + " AND (left_at = 0 OR left_at > " + from + ") GROUP BY station_id ORDER BY station_id";
    }

    /** Builds the samples statement over the spans returned by the window's visit-spans statement (JSONEachRow lines). */
    static String samples(String vin, long at, long windowMs, int maxPoints, String spans) {
        long from = at - windowMs;
        long to = at + windowMs;
        long bucket = Math.max(1, (to - from + maxPoints) / maxPoints);
        return "SELECT station_id, intDiv(timestamp - " + from + ", " + bucket + ") AS bucket_index,"
                + " if(count() = 1, min(timestamp), " + from + " + bucket_index * " + bucket
                + ") AS point_timestamp, avg(torque) AS mean_torque, min(torque) AS min_torque,"
                + " max(torque) AS max_torque, count() AS samples FROM telemetry FINAL WHERE vin = " + quote(vin)
                + " AND " + spanCondition(spans) + " GROUP BY station_id, bucket_index"
                + " ORDER BY point_timestamp, station_id LIMIT " + maxPoints * 4;
    }

    /** Builds the tightening-results statement over the spans returned by the window's visit-spans statement. */
    static String tighteningResults(String vin, String spans) {
        return "SELECT station_id, tightening_id, timestamp, ok, final_torque, final_angle_deg, torque_min,"
                + " torque_max, torque_target, duration_ms, vin, controller, spindle, raw_status"
                + " FROM tightening_results FINAL WHERE vin = " + quote(vin) + " AND " + spanCondition(spans)
                + " ORDER BY timestamp LIMIT " + MAX_ROWS;
    }

    /** Builds the scores statement over the spans returned by the visit-spans statement up to {@code at}. */
    static String scores(String vin, String spans) {
        return "SELECT station_id, seq, timestamp, score, torque, vin, model_name, model_version FROM scores FINAL"
                + " WHERE vin = " + quote(vin) + " AND " + spanCondition(spans) + " ORDER BY timestamp DESC LIMIT "
                + MAX_ROWS;
    }

    private static String spanCondition(String spans) {
        List<String> conditions = new ArrayList<>();
        for (String line : spans.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode span = readTree(line);
            conditions.add("(station_id = " + quote(span.path("station_id").asText()) + " AND timestamp >= "
                    + span.path("span_from").asLong() + " AND timestamp <= "
                    + span.path("span_to").asLong() + ")");
        }
        return "(" + String.join(" OR ", conditions) + ")";
    }

    private static JsonNode readTree(String line) {
        try {
            return Results.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ClickHouse returned a line that is not JSON: " + line, e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Builds the foresight statement that runs after the defect statement found a defect detected at {@code detectedAt}. */
    static String firstAlertBefore(String vin, long detectedAt) {
        return "SELECT " + ALERT_COLUMNS + " FROM alerts FINAL WHERE vin = " + quote(vin) + " AND timestamp <= "
                + detectedAt + " ORDER BY timestamp, alert_id LIMIT 1";
    }

    private static final String ALERT_COLUMNS = "alert_id, stream_seq, station_id, anomaly_score, trigger_torque_nm,"
            + " timestamp, vin, firmware, model_name, model_version, merged_samples, first_timestamp,"
            + " last_timestamp, raised_at";
}
