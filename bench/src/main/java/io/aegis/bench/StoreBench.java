package io.aegis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.VehicleArrived;
import io.aegis.proto.v1.VehicleLeft;
import io.aegis.proto.v1.WorkOrderCreated;
import io.aegis.queryside.ClickHouseProperties;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.telemetry.WriterHarness;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples stored in ClickHouse per second, end to end: telemetry and MES events published to the benchmark's stream,
 * joined and written by a query-side service that scripts/bench.sh started, counted in ClickHouse. The baseline is
 * clickhouse-client inserting the same rows. While a run lasts, insert hygiene is sampled every second: the
 * service's insert counter per table and the active parts per partition in system.parts.
 */
final class StoreBench {

    private static final Pattern INSERTS = Pattern.compile("\"value\":([0-9.E]+)");

    private StoreBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int samples = o.integer("samples", 200_000);
        int runs = o.integer("runs", 3);
        Duration limit = o.seconds("limit", 180);
        String database = o.string("database");
        int servicePort = o.integer("servicePort", 0);
        Subjects subjects = Macro.subjects(o);
        try (Connection connection = Macro.connect(o);
                ClickHouseGateway clickHouse = gateway(o)) {
            clickHouse.execute(
                    "CREATE TABLE IF NOT EXISTS " + database + ".telemetry_baseline AS " + database + ".telemetry");
            for (int run = 1; run <= runs; run++) {
                String prefix = "e" + run + "s";
                long start = System.currentTimeMillis() - 7_200_000;
                List<OutboundMessage> messages = PublishBench.messages(subjects, prefix, samples, 10, start + 1_000);
                long end = start + 2_000 + samples;
                publishVisits(connection.jetStream(), subjects, prefix, run, start, end);
                Hygiene hygiene = new Hygiene(clickHouse, database, servicePort);
                long begin = System.nanoTime();
                long deadline = begin + limit.toNanos();
                PublishBench.viaRawLoop(connection.jetStream(), messages, limit.toMillis());
                long stored = 0;
                long nextSample = 0;
                while (stored < samples && System.nanoTime() < deadline) {
                    if (System.nanoTime() >= nextSample) {
                        hygiene.sample();
                        nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    }
                    stored = count(clickHouse, database + ".telemetry", prefix);
                    Progress.say("end to end run %d: %d of %d samples stored", run, stored, samples);
                    Thread.sleep(500);
                }
                long elapsed = System.nanoTime() - begin;
                hygiene.sample();
                long joined = clickHouse
                        .query("SELECT count() AS n FROM " + database + ".telemetry WHERE station_id LIKE '" + prefix
                                + "%' AND status = 'JOINED'")
                        .get(0)
                        .path("n")
                        .asLong();
                results.write(results.record("store_e2e", "aegis", run, stored / (elapsed / 1e9), "samples/s")
                        .put("stored", stored)
                        .put("joined", joined)
                        .put("expected", samples));
                results.write(results.record("insert_rate", "aegis", run, hygiene.peakInsertsPerSecond, "inserts/s")
                        .put("table", "telemetry"));
                results.write(results.record("active_parts", "aegis", run, hygiene.peakParts, "parts"));
                double baseline = clickHouseClientInsert(o, database, messages, prefix, run);
                results.write("store_e2e", "baseline", run, baseline, "samples/s");
            }
        }
    }

    static ClickHouseGateway gateway(Macro.Options o) {
        return new ClickHouseGateway(new ClickHouseProperties(
                o.string("clickhouse"),
                "default",
                "",
                o.string("database"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(120)));
    }

    private static long count(ClickHouseGateway clickHouse, String table, String prefix) {
        return clickHouse
                .query("SELECT count() AS n FROM " + table + " WHERE station_id LIKE '" + prefix + "%'")
                .get(0)
                .path("n")
                .asLong();
    }

    /** Publishes one vehicle per station that arrives at {@code start} and leaves at {@code end}. */
    static void publishVisits(JetStream jetStream, Subjects subjects, String prefix, int run, long start, long end)
            throws Exception {
        for (int station = 1; station <= 6; station++) {
            String stationId = prefix + station;
            String workOrder = "bench-" + prefix + station;
            String vin = String.format("1HGBH41JXMN%02d%04d", run, station);
            List<MesEvent> events = List.of(
                    event(workOrder, vin, 0, start)
                            .setCreated(
                                    WorkOrderCreated.newBuilder().setVin(vin).setModel("AEGIS-SEDAN"))
                            .build(),
                    event(workOrder, vin, 1, start)
                            .setArrived(VehicleArrived.newBuilder().setStationId(stationId))
                            .build(),
                    event(workOrder, vin, 2, end)
                            .setLeft(VehicleLeft.newBuilder().setStationId(stationId))
                            .build());
            for (MesEvent event : events) {
                jetStream.publish(
                        subjects.mes(workOrder),
                        TelemetryCodec.headers(),
                        event.toByteArray(),
                        PublishOptions.builder().messageId(event.getEventId()).build());
            }
        }
    }

    private static MesEvent.Builder event(String workOrder, String vin, int sequence, long at) {
        return MesEvent.newBuilder()
                .setEventId(workOrder + "-" + sequence)
                .setWorkOrderId(workOrder)
                .setVin(vin)
                .setAggregateSequence(sequence)
                .setOccurredAt(at)
                .setRecordedAt(at);
    }

    /** Inserts the same rows with clickhouse-client from a tab-separated file; returns rows per second. */
    private static double clickHouseClientInsert(
            Macro.Options o, String database, List<OutboundMessage> messages, String prefix, int run) throws Exception {
        Path file = Files.createTempFile("aegis-bench-rows", ".tsv");
        long rows = 0;
        long now = System.currentTimeMillis();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (OutboundMessage message : messages) {
                for (TorqueSample s : TelemetryBatch.parseFrom(message.body()).getSamplesList()) {
                    String station = s.getStationId();
                    out.write(String.join(
                            "\t",
                            station,
                            Long.toString(s.getSeq()),
                            Long.toString(s.getTimestamp()),
                            Double.toString(s.getTorque()),
                            Double.toString(s.getAngleDeg()),
                            s.getHasAngle() ? "1" : "0",
                            s.getTighteningId(),
                            s.getSource(),
                            String.format("1HGBH41JXMN%02d%04d", run, station.charAt(station.length() - 1) - '0'),
                            "",
                            "",
                            "{}",
                            "bench-" + station,
                            "JOINED",
                            Long.toString(now),
                            "0",
                            "0",
                            Long.toString(now * 1000 + rows)));
                    out.write('\n');
                    rows++;
                }
            }
        }
        String query = "INSERT INTO " + database + ".telemetry_baseline (" + String.join(", ", WriterHarness.columns())
                + ") FORMAT TabSeparated";
        ProcessBuilder builder = new ProcessBuilder(
                        "clickhouse-client",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        o.string("clickhouseTcp"),
                        "--query",
                        query)
                .redirectInput(file.toFile())
                .redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("clickhouse-client insert failed: " + output);
        }
        long elapsed = System.nanoTime() - start;
        Files.delete(file);
        Progress.say("clickhouse-client: %d rows inserted (%s)", rows, prefix);
        return rows / (elapsed / 1e9);
    }

    /** Batch-size sweep of the telemetry insert: the writer's row encoding, one insert per batch, rows per second. */
    static void sweep(Macro.Options o, Results results) throws Exception {
        int samples = o.integer("samples", 100_000);
        int runs = o.integer("runs", 3);
        String database = o.string("database");
        List<Integer> sizes = new ArrayList<>();
        for (String size : o.string("sizes", "500,1000,2000,5000,10000,20000").split(",")) {
            sizes.add(Integer.parseInt(size.trim()));
        }
        List<TorqueSample> rows = new ArrayList<>(samples);
        for (OutboundMessage message :
                PublishBench.messages(new Subjects("sweep"), "w", samples, 10, System.currentTimeMillis())) {
            rows.addAll(TelemetryBatch.parseFrom(message.body()).getSamplesList());
        }
        try (ClickHouseGateway clickHouse = gateway(o)) {
            clickHouse.execute(
                    "CREATE TABLE IF NOT EXISTS " + database + ".telemetry_sweep AS " + database + ".telemetry");
            for (int run = 1; run <= runs; run++) {
                for (int size : sizes) {
                    long elapsed = WriterHarness.insertInBatches(clickHouse, "telemetry_sweep", rows, size);
                    Progress.say("sweep: %d rows in batches of %d took %d ms", samples, size, elapsed / 1_000_000);
                    results.write(results.record("sweep_" + size, "aegis", run, samples / (elapsed / 1e9), "rows/s")
                            .put("batchRows", size));
                }
            }
            clickHouse.execute("DROP TABLE IF EXISTS " + database + ".telemetry_sweep");
        }
    }

    /** Peak insert rate (from the service's counter) and peak active parts per partition while a run lasts. */
    private static final class Hygiene {
        private final ClickHouseGateway clickHouse;
        private final String database;
        private final int servicePort;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private double lastInserts = -1;
        private long lastAt;
        double peakInsertsPerSecond;
        double peakParts;

        Hygiene(ClickHouseGateway clickHouse, String database, int servicePort) {
            this.clickHouse = clickHouse;
            this.database = database;
            this.servicePort = servicePort;
        }

        void sample() {
            List<JsonNode> parts = clickHouse.query("SELECT table, partition, count() AS parts FROM system.parts"
                    + " WHERE database = '" + database + "' AND active GROUP BY table, partition");
            for (JsonNode row : parts) {
                peakParts = Math.max(peakParts, row.path("parts").asDouble());
            }
            if (servicePort == 0) {
                return;
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servicePort
                                + "/actuator/metrics/aegis.query.inserts?tag=table:telemetry"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
                String body =
                        http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher matcher = INSERTS.matcher(body);
                double inserts = matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
                long now = System.nanoTime();
                if (lastInserts >= 0 && now > lastAt) {
                    double rate = (inserts - lastInserts) / ((now - lastAt) / 1e9);
                    peakInsertsPerSecond = Math.max(peakInsertsPerSecond, rate);
                }
                lastInserts = inserts;
                lastAt = now;
            } catch (Exception e) {
                Progress.say("insert counter of the query side unreadable: %s", e.toString());
            }
        }
    }
}
