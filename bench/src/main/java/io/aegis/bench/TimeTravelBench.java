package io.aegis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Time-travel query latency: the auditor's GraphQL {@code vinAt} (station, work order, firmware, samples, tightening
 * results, scores, alerts and foresight of one VIN at one instant) through the api, against the same ClickHouse
 * statements sent one after another over ClickHouse's HTTP interface. {@link TimeTravelFill} fills every table that
 * {@code vinAt} reads, with {@code rows} telemetry samples. Each query requests a random VIN and instant from the
 * filled line time and fails the benchmark when the response has errors or misses data that the fill guarantees.
 */
final class TimeTravelBench {

    /** The selection of the ui's vehicle time-travel screen (VIN_AT in ui/src/api/operations.ts) plus the rest. */
    static final String VIN_AT = """
            query VinAt($vin: String!, $at: Long!, $windowMs: Long!, $maxPoints: Int!) {
              vinAt(vin: $vin, at: $at, windowMs: $windowMs, maxPoints: $maxPoints) {
                vin at
                station { stationId workOrderId arrivedAt leftAt }
                workOrder { workOrderId state lastEventType lastEventAt }
                firmware { ecu version flashedAt stationId }
                samples {
                  from to downsampled bucketMs totalSamples
                  points { stationId timestamp torque minTorque maxTorque count }
                }
                tighteningResults { stationId tighteningId timestamp ok finalTorque finalAngleDeg }
                scores { stationId seq timestamp score }
                alerts { ...AlertFields }
                foresight {
                  sawItComing leadTimeMs
                  defect { eventId code description detectedAt stationId }
                  firstAlert { ...AlertFields }
                }
              }
            }
            fragment AlertFields on Alert {
              alertId streamSeq stationId anomalyScore triggerTorqueNm timestamp vin firmware modelName modelVersion
            }
            """;

    private TimeTravelBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        long rows = Long.parseLong(o.string("rows", "10000000"));
        int queries = o.integer("queries", 50);
        int runs = o.integer("runs", 3);
        long windowMs = o.integer("windowMs", 30_000);
        int maxPoints = o.integer("maxPoints", 1500);
        if (rows < 2 * TimeTravelFill.TAKT_MS * TimeTravelFill.STATIONS) {
            throw new IllegalArgumentException("rows=" + rows + " is too few: the samples must cover two takts ("
                    + 2 * TimeTravelFill.TAKT_MS * TimeTravelFill.STATIONS + " rows)");
        }
        TimeTravelFill fill;
        try (ClickHouseGateway clickHouse = StoreBench.gateway(o)) {
            fill = new TimeTravelFill(clickHouse, rows);
            fill.ensure();
        }
        long stored = fill.spanMs() * TimeTravelFill.STATIONS;
        Client client = new Client(o, windowMs, maxPoints);
        SplittableRandom random = new SplittableRandom(11);
        // Run 0 warms up the api's JIT and connection pools and is printed but not kept.
        for (int run = 0; run <= runs; run++) {
            int count = run == 0 ? Math.min(queries, 10) : queries;
            double[] api = new double[count];
            double[] plain = new double[count];
            long samples = 0;
            for (int q = 0; q < count; q++) {
                int station = 1 + random.nextInt(TimeTravelFill.STATIONS);
                long at = TimeTravelFill.T0 + random.nextLong(fill.spanMs());
                String vin = TimeTravelFill.vinAt(station, at);
                long start = System.nanoTime();
                JsonNode snapshot = client.vinAt(vin, at);
                api[q] = (System.nanoTime() - start) / 1e6;
                samples += check(snapshot, vin, at, station);
                plain[q] = client.statements(vin, at);
            }
            Progress.say("time travel run %d: %d vinAt queries, %d samples summarised by the api", run, count, samples);
            Arrays.sort(api);
            Arrays.sort(plain);
            results.write(results.record("timetravel_p95", "aegis", run, Progress.percentile(api, 95), "ms")
                    .put("rows", stored)
                    .put("queries", count));
            results.write(results.record("timetravel_p95", "baseline", run, Progress.percentile(plain, 95), "ms"));
            results.write(results.record("timetravel_p50", "aegis", run, Progress.percentile(api, 50), "ms")
                    .put("rows", stored));
            results.write(results.record("timetravel_p50", "baseline", run, Progress.percentile(plain, 50), "ms"));
        }
    }

    /**
     * Checks that a snapshot contains what the fill guarantees for a VIN at its station and returns its sample count.
     *
     * @throws IllegalStateException naming the VIN, the instant and the missing part
     */
    static long check(JsonNode snapshot, String vin, long at, int station) {
        String where = "vinAt(" + vin + ", " + at + ")";
        String stationId = snapshot.path("station").path("stationId").asText();
        if (!stationId.equals("t" + station)) {
            throw new IllegalStateException(where + " returned station '" + stationId + "', expected t" + station);
        }
        if (snapshot.path("workOrder").path("workOrderId").asText().isEmpty()) {
            throw new IllegalStateException(where + " returned no work order: " + snapshot);
        }
        long samples = snapshot.path("samples").path("totalSamples").asLong();
        if (samples == 0 || snapshot.path("samples").path("points").isEmpty()) {
            throw new IllegalStateException(where + " returned no samples: " + snapshot.path("samples"));
        }
        for (String list : List.of("tighteningResults", "scores")) {
            if (snapshot.path(list).isEmpty()) {
                throw new IllegalStateException(where + " returned no " + list);
            }
        }
        return samples;
    }

    /** The api's GraphQL endpoint and ClickHouse's HTTP interface, with one query shape. */
    private static final class Client {

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final URI graphql;
        private final String apiKey;
        private final URI clickHouse;
        private final long windowMs;
        private final int maxPoints;

        Client(Macro.Options o, long windowMs, int maxPoints) throws Exception {
            this.graphql = URI.create("http://127.0.0.1:" + o.string("apiPort") + "/graphql");
            this.apiKey = apiKey(Path.of(o.string("credentials", "")));
            // The settings the api's ClickHouseReader sends with every query.
            this.clickHouse = URI.create(o.string("clickhouse") + "/?database="
                    + URLEncoder.encode(o.string("database"), StandardCharsets.UTF_8)
                    + "&optimize_move_to_prewhere=0&max_execution_time=30");
            this.windowMs = windowMs;
            this.maxPoints = maxPoints;
        }

        /** Sends one vinAt query and returns data.vinAt; throws on an HTTP error or a GraphQL error. */
        JsonNode vinAt(String vin, long at) throws Exception {
            ObjectNode body = Results.JSON.createObjectNode();
            body.put("query", VIN_AT);
            body.putObject("variables")
                    .put("vin", vin)
                    .put("at", at)
                    .put("windowMs", windowMs)
                    .put("maxPoints", maxPoints);
            HttpRequest.Builder builder = HttpRequest.newBuilder(graphql)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(Results.JSON.writeValueAsString(body)));
            if (!apiKey.isEmpty()) {
                builder.header("X-API-Key", apiKey);
            }
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.statusCode() == 200 ? Results.JSON.readTree(response.body()) : null;
            if (answer == null
                    || answer.has("errors")
                    || !answer.path("data").path("vinAt").isObject()) {
                throw new IllegalStateException("GraphQL vinAt(" + vin + ", " + at + ") failed (HTTP "
                        + response.statusCode() + "): " + response.body());
            }
            return answer.path("data").path("vinAt");
        }

        /**
         * Sends the api's statements for one vinAt one after another and returns the total milliseconds. The
         * samples, tightening-results and scores statements follow their visit-spans statements and run only when those found visits,
         * and the first-alert statement runs only when the defect statement found a defect, as in the api.
         */
        double statements(String vin, long at) throws Exception {
            long started = System.nanoTime();
            List<String> independent = TimeTravelStatements.independent(vin, at, windowMs);
            List<String> answers = new ArrayList<>();
            for (String sql : independent) {
                answers.add(send(sql));
            }
            String windowSpans = answers.get(0);
            if (!windowSpans.isBlank()) {
                send(TimeTravelStatements.samples(vin, at, windowMs, maxPoints, windowSpans));
                send(TimeTravelStatements.tighteningResults(vin, windowSpans));
            }
            String historySpans = answers.get(1);
            if (!historySpans.isBlank()) {
                send(TimeTravelStatements.scores(vin, historySpans));
            }
            String defect = answers.get(answers.size() - 1);
            if (!defect.isBlank()) {
                long detectedAt =
                        Results.JSON.readTree(defect).path("detected_at").asLong();
                send(TimeTravelStatements.firstAlertBefore(vin, detectedAt));
            }
            return (System.nanoTime() - started) / 1e6;
        }

        private String send(String sql) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(clickHouse)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(sql + " FORMAT JSONEachRow"))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("baseline statement failed (HTTP " + response.statusCode() + "): "
                        + response.body() + "\n" + sql);
            }
            return response.body();
        }
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
