package io.aegis.api.telemetry;

import io.aegis.api.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * A quality-engineering search over enriched telemetry. Null filters are left out; every present filter narrows the
 * result. The whole search is one ClickHouse query.
 *
 * @param laterDefectCode keeps samples whose VIN reported a defect with this code, or with a code that starts with it
 *     followed by '_', detected after the sample's timestamp
 */
public record TelemetrySearch(
        long from,
        long to,
        String vin,
        String stationId,
        String firmware,
        String builtWithFirmware,
        Double minTorque,
        Double maxTorque,
        String laterDefectCode,
        int limit) {

    Sql toSql() {
        List<String> conditions = new ArrayList<>(List.of("timestamp >= :from", "timestamp < :to"));
        if (vin != null) {
            conditions.add("vin = :vin");
        }
        if (stationId != null) {
            conditions.add("station_id = :station");
        }
        if (firmware != null) {
            conditions.add("firmware = :firmware");
        }
        if (builtWithFirmware != null) {
            conditions.add("vin IN (SELECT vin FROM firmware_history FINAL WHERE firmware = :built AND result = 'OK')");
        }
        if (minTorque != null) {
            conditions.add("torque > :minTorque");
        }
        if (maxTorque != null) {
            conditions.add("torque < :maxTorque");
        }

        String samples =
                "SELECT " + EnrichedSample.COLUMNS + " FROM telemetry FINAL WHERE " + String.join(" AND ", conditions);
        String text;
        if (laterDefectCode == null) {
            text = samples + " ORDER BY timestamp, station_id, seq LIMIT :limit";
        } else {
            text = "SELECT " + EnrichedSample.COLUMNS + " FROM (" + samples + ")"
                    + " ANY INNER JOIN (SELECT vin, max(detected_at) AS last_defect_at FROM defects FINAL"
                    + " WHERE code = :code OR substring(code, 1, length(:code) + 1) = concat(:code, '_')"
                    + " GROUP BY vin) USING vin"
                    + " WHERE last_defect_at > timestamp"
                    + " ORDER BY timestamp, station_id, seq LIMIT :limit";
        }

        Sql sql = Sql.of(text).bind("from", from).bind("to", to).bind("limit", limit);
        bindIfPresent(sql, "vin", vin);
        bindIfPresent(sql, "station", stationId);
        bindIfPresent(sql, "firmware", firmware);
        bindIfPresent(sql, "built", builtWithFirmware);
        bindIfPresent(sql, "minTorque", minTorque);
        bindIfPresent(sql, "maxTorque", maxTorque);
        bindIfPresent(sql, "code", laterDefectCode);
        return sql;
    }

    private static void bindIfPresent(Sql sql, String name, Object value) {
        if (value != null) {
            sql.bind(name, value);
        }
    }
}
