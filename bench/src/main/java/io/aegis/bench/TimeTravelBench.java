package io.aegis.bench;

import io.aegis.queryside.clickhouse.ClickHouseGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time-travel query latency: the samples of one VIN within one second through the api's GraphQL endpoint (the
 * {@code telemetry(vin, from, to)} query), against clickhouse-client running the api's SQL for the same rows. The
 * table is filled server-side with {@code rows} synthetic samples: 6 stations at 1 kHz, each vehicle moving one
 * station down the line every 20 s takt, so one VIN and one second match the 1,000 samples of one station.
 */
final class TimeTravelBench {

    static final long T0 = 1_700_000_000_000L;
    static final long TAKT_MS = 20_000;

    private TimeTravelBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        long rows = Long.parseLong(o.string("rows", "10000000"));
        int queries = o.integer("queries", 50);
        int runs = o.integer("runs", 3);
        String database = o.string("database");
        long perStation = rows / 6;
        try (ClickHouseGateway clickHouse = StoreBench.gateway(o)) {
            long present = clickHouse
                    .query("SELECT count() AS n FROM " + database + ".telemetry WHERE station_id LIKE 't%'")
                    .get(0)
                    .path("n")
                    .asLong();
            if (present < rows) {
                Progress.say("filling %s.telemetry with %d synthetic samples (server-side)", database, rows);
                clickHouse.execute("ALTER TABLE " + database + ".telemetry DELETE WHERE station_id LIKE 't%'");
                long chunk = 2_000_000;
                for (long from = 0; from < rows; from += chunk) {
                    long count = Math.min(chunk, rows - from);
                    clickHouse.execute(fill(database, from, count));
                    Progress.say("filled %d of %d", from + count, rows);
                }
            }
        }
        String apiKey = apiKey(Path.of(o.string("credentials", "")));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI graphql = URI.create("http://127.0.0.1:" + o.string("apiPort") + "/graphql");
        SplittableRandom random = new SplittableRandom(11);
        long spanMs = perStation;
        for (int run = 1; run <= runs; run++) {
            double[] api = new double[queries];
            double[] plain = new double[queries];
            int returned = 0;
            for (int q = 0; q < queries; q++) {
                long at = T0 + random.nextLong(spanMs - 1_000);
                String vin = vinAt(1 + random.nextInt(6), at);
                String query = "{ telemetry(vin: \\\"" + vin + "\\\", from: " + at + ", to: " + (at + 1000)
                        + ", limit: 10000) { stationId timestamp torque } }";
                HttpRequest.Builder builder = HttpRequest.newBuilder(graphql)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}"));
                if (!apiKey.isEmpty()) {
                    builder.header("X-API-Key", apiKey);
                }
                HttpRequest request = builder.build();
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                api[q] = (System.nanoTime() - start) / 1e6;
                if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
                    throw new IllegalStateException(
                            "GraphQL telemetry query failed (HTTP " + response.statusCode() + "): " + response.body());
                }
                returned += count(response.body(), "\"timestamp\"");
                plain[q] = clickHouseClient(o, database, vin, at);
            }
            Progress.say("time travel run %d: %d queries, %d samples returned by the api", run, queries, returned);
            java.util.Arrays.sort(api);
            java.util.Arrays.sort(plain);
            results.write(results.record("timetravel_p95", "aegis", run, Progress.percentile(api, 95), "ms")
                    .put("rows", rows)
                    .put("queries", queries));
            results.write(results.record("timetravel_p95", "baseline", run, Progress.percentile(plain, 95), "ms"));
            results.write(results.record("timetravel_p50", "aegis", run, Progress.percentile(api, 50), "ms")
                    .put("rows", rows));
            results.write(results.record("timetravel_p50", "baseline", run, Progress.percentile(plain, 50), "ms"));
        }
    }

    /** Returns the VIN at station {@code station} (1 to 6) at {@code timestamp}: vehicles move one station per takt. */
    static String vinAt(int station, long timestamp) {
        return "1HGBH41JXTT" + (100_006 + (timestamp - T0) / TAKT_MS - (station - 1));
    }

    /** An INSERT ... SELECT that generates samples [from, from + count) of the 6 stations t1..t6. */
    private static String fill(String database, long from, long count) {
        String n = "(number + " + from + ")";
        String ts = "(" + T0 + " + intDiv(" + n + ", 6))";
        return "INSERT INTO " + database + ".telemetry SELECT concat('t', toString(" + n + " % 6 + 1)), intDiv(" + n
                + ", 6) + 1, " + ts + ", 40 + (" + n + " % 97) / 10, 0, 0, '', 'bench',"
                + " concat('1HGBH41JXTT', toString(100006 + intDiv(" + ts + " - " + T0 + ", " + TAKT_MS + ") - "
                + n + " % 6)),"
                + " '', 'v2.1.4', '{}', 'wo', 'JOINED', " + ts + ", 0, 0, 1 FROM system.numbers LIMIT " + count;
    }

    private static double clickHouseClient(Macro.Options o, String database, String vin, long at) throws Exception {
        String sql = "SELECT station_id, seq, timestamp, torque FROM " + database + ".telemetry FINAL WHERE vin = '"
                + vin + "' AND timestamp >= " + at + " AND timestamp < " + (at + 1000)
                + " ORDER BY timestamp, station_id, seq LIMIT 10000 FORMAT Null";
        Process process = new ProcessBuilder(
                        "clickhouse-client",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        o.string("clickhouseTcp"),
                        "--time",
                        "--query",
                        sql)
                .start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(60, TimeUnit.SECONDS);
        try {
            return Double.parseDouble(stderr.substring(stderr.lastIndexOf('\n') + 1)) * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("clickhouse-client --time printed no time: " + stderr, e);
        }
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    /** Returns the auditor's development API key, or "" where the credentials file does not exist. */
    private static String apiKey(Path credentials) throws Exception {
        if (credentials.toString().isEmpty() || !Files.exists(credentials)) {
            return "";
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(credentials)) {
            properties.load(in);
        }
        String key = properties.getProperty("api-key.auditor");
        if (key == null) {
            throw new IllegalStateException("api-key.auditor is missing from " + credentials);
        }
        return key;
    }
}
