package io.aegis.api.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.clickhouse.Rows;

/** One row of the ClickHouse telemetry table, as GraphQL returns it. */
public record EnrichedSample(
        String stationId,
        long seq,
        long timestamp,
        double torque,
        Double angleDeg,
        String tighteningId,
        String source,
        String vin,
        String firmware,
        String firmwareEcus,
        String workOrderId,
        String status,
        Long ingestTimestamp,
        boolean clockSuspect) {

    /** Columns selected for {@link #fromRow}. */
    public static final String COLUMNS = "station_id, seq, timestamp, torque, angle_deg, has_angle, tightening_id, "
            + "source, vin, firmware, firmware_ecus, work_order_id, status, ingest_timestamp, clock_suspect";

    public static EnrichedSample fromRow(JsonNode row) {
        return new EnrichedSample(
                Rows.textOrEmpty(row, "station_id"),
                Rows.number(row, "seq"),
                Rows.number(row, "timestamp"),
                Rows.decimal(row, "torque"),
                Rows.flag(row, "has_angle") ? Rows.decimal(row, "angle_deg") : null,
                Rows.text(row, "tightening_id"),
                Rows.text(row, "source"),
                Rows.text(row, "vin"),
                Rows.text(row, "firmware"),
                Rows.text(row, "firmware_ecus"),
                Rows.text(row, "work_order_id"),
                Rows.textOrEmpty(row, "status"),
                Rows.optionalNumber(row, "ingest_timestamp"),
                Rows.flag(row, "clock_suspect"));
    }
}
