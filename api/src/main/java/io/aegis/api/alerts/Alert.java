package io.aegis.api.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.clickhouse.Rows;

/** A stored DefectAlert, from the ClickHouse alerts table. */
public record Alert(
        String alertId,
        Long streamSeq,
        String stationId,
        double anomalyScore,
        double triggerTorqueNm,
        long timestamp,
        String vin,
        String firmware,
        String modelName,
        String modelVersion,
        int mergedSamples,
        Long firstTimestamp,
        Long lastTimestamp,
        Long raisedAt) {

    public static final String COLUMNS = "alert_id, stream_seq, station_id, anomaly_score, trigger_torque_nm,"
            + " timestamp, vin, firmware, model_name, model_version, merged_samples, first_timestamp,"
            + " last_timestamp, raised_at";

    public static Alert fromRow(JsonNode row) {
        return new Alert(
                Rows.textOrEmpty(row, "alert_id"),
                Rows.optionalNumber(row, "stream_seq"),
                Rows.textOrEmpty(row, "station_id"),
                Rows.decimal(row, "anomaly_score"),
                Rows.decimal(row, "trigger_torque_nm"),
                Rows.number(row, "timestamp"),
                Rows.text(row, "vin"),
                Rows.text(row, "firmware"),
                Rows.text(row, "model_name"),
                Rows.text(row, "model_version"),
                (int) Rows.number(row, "merged_samples"),
                Rows.optionalNumber(row, "first_timestamp"),
                Rows.optionalNumber(row, "last_timestamp"),
                Rows.optionalNumber(row, "raised_at"));
    }
}
