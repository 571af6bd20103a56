package io.aegis.scorer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A fresh database on the local ClickHouse with the columns of telemetry, tightening_results and defects that
 * training reads. The production tables (owned by query-side) have more columns; training selects only these.
 */
final class ClickHouseTestDatabase implements AutoCloseable {

    static final String URL = "http://127.0.0.1:8123/";

    final String name =
            "aegis_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final HttpClient http = HttpClient.newHttpClient();

    ClickHouseTestDatabase() throws IOException, InterruptedException {
        execute("default", "CREATE DATABASE " + name);
        execute(
                name,
                "CREATE TABLE telemetry (station_id String, seq UInt64, timestamp Int64, torque Float64,"
                        + " angle_deg Float64, has_angle UInt8, tightening_id String, vin String, version UInt64)"
                        + " ENGINE = ReplacingMergeTree(version) ORDER BY (station_id, timestamp, seq)");
        execute(
                name,
                "CREATE TABLE tightening_results (station_id String, tightening_id String, timestamp Int64,"
                        + " ok UInt8) ENGINE = ReplacingMergeTree ORDER BY (station_id, timestamp, tightening_id)");
        execute(
                name,
                "CREATE TABLE defects (event_id String, vin String, station_id String, detected_at Int64,"
                        + " reported_at Int64) ENGINE = ReplacingMergeTree ORDER BY (vin, detected_at, event_id)");
    }

    /** Inserts JSONEachRow lines into {@code table}. */
    void insert(String table, String jsonLines) throws IOException, InterruptedException {
        execute(name, "INSERT INTO " + table + " FORMAT JSONEachRow\n" + jsonLines);
    }

    void execute(String database, String sql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL + "?database=" + database))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("ClickHouse returned HTTP " + response.statusCode() + " for '"
                    + sql.substring(0, Math.min(80, sql.length())) + "': " + response.body());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        execute("default", "DROP DATABASE IF EXISTS " + name);
    }
}
