package io.aegis.api.workorders;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.clickhouse.Rows;

/** A reported defect, from the ClickHouse defects table. */
public record Defect(
        String eventId,
        String workOrderId,
        String vin,
        String code,
        String description,
        long detectedAt,
        Long reportedAt,
        String source,
        String stationId) {

    public static final String COLUMNS =
            "event_id, work_order_id, vin, code, description, detected_at, reported_at, source, station_id";

    public static Defect fromRow(JsonNode row) {
        return new Defect(
                Rows.textOrEmpty(row, "event_id"),
                Rows.text(row, "work_order_id"),
                Rows.textOrEmpty(row, "vin"),
                Rows.textOrEmpty(row, "code"),
                Rows.text(row, "description"),
                Rows.number(row, "detected_at"),
                Rows.optionalNumber(row, "reported_at"),
                Rows.text(row, "source"),
                Rows.text(row, "station_id"));
    }
}
