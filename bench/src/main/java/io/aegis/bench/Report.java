package io.aegis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes docs/benchmarks.md and docs/benchmarks.json from the result lines of one bench run, the JMH result file and
 * the machine stamp: {@code Report results.jsonl jmh.json stamp.json out.md out.json}.
 */
public final class Report {

    /** How a measure is judged: a ratio to its baseline, an upper or lower bound on the value, or only stated. */
    enum Kind {
        RATIO_AT_LEAST,
        AT_MOST,
        BELOW,
        STATED
    }

    /**
     * One row of the results table.
     *
     * @param worst use the worst run (maximum) instead of the median, for peaks
     */
    record Measure(
            String id,
            String what,
            String how,
            String baseline,
            Kind kind,
            double goal,
            String goalText,
            boolean worst) {}

    static final List<Measure> MEASURES = List.of(
            new Measure(
                    "edge_publish",
                    "Edge publish, samples/s",
                    "in-process: edge-bridge JetStreamPublisher (default window 2048), 6 stations, 10 samples/message",
                    "raw jnats publishAsync loop, same messages and stream",
                    Kind.RATIO_AT_LEAST,
                    0.7,
                    ">= 0.7 x baseline",
                    false),
            new Measure(
                    "simulator_publish",
                    "Plant simulator publish, samples/s",
                    "in-process: edge-bridge PlantSimulation unpaced, 6 stations x 1 kHz, faults off, telemetry (10 ms"
                            + " per-station batches) and tightening results through the JetStreamPublisher",
                    "raw jnats publishAsync loop sending the same simulation's messages to the same stream",
                    Kind.RATIO_AT_LEAST,
                    0.7,
                    ">= 0.7 x baseline",
                    false),
            new Measure(
                    "join",
                    "Correlation join, samples/s, ClickHouse sink stubbed",
                    "in-process: query-side TelemetryConsumer + TelemetryPipeline, MesContext.enrich and RowBinary"
                            + " encoding per sample, insert stubbed",
                    "raw jnats pull loop (256 per fetch), ack per message",
                    Kind.RATIO_AT_LEAST,
                    0.85,
                    ">= 0.85 x baseline",
                    false),
            new Measure(
                    "store_e2e",
                    "Samples stored in ClickHouse per second, end to end",
                    "query-side jar started by bench.sh; publish to JetStream until count() in ClickHouse reaches"
                            + " the published samples",
                    "clickhouse-client inserting the same rows (TabSeparated, one invocation)",
                    Kind.RATIO_AT_LEAST,
                    0.5,
                    ">= 0.5 x baseline",
                    false),
            new Measure(
                    "insert_rate",
                    "Insert hygiene: inserts/s into telemetry at peak",
                    "query-side counter aegis.query.inserts{table=telemetry}, sampled every second during the end to"
                            + " end runs",
                    "-",
                    Kind.AT_MOST,
                    2,
                    "<= 2 inserts/s per table",
                    true),
            new Measure(
                    "active_parts",
                    "Insert hygiene: active parts per partition, peak",
                    "system.parts of the bench database, sampled every second during the end to end runs",
                    "-",
                    Kind.BELOW,
                    300,
                    "< 300",
                    true),
            new Measure(
                    "alert_latency_p50",
                    "Alert latency, telemetry publish -> SSE client, p50, ms",
                    "ml-scorer and api jars started by bench.sh; one 400 Nm spike every 500 ms, rotating over 6"
                            + " stations, under a background load of 6 stations x 200 Hz (1,200 samples/s);"
                            + " latency from the spike's publish to its alert on one SSE client",
                    "raw JetStream publish -> push consumer latency under the same load",
                    Kind.AT_MOST,
                    25,
                    "<= 25 ms",
                    false),
            new Measure(
                    "alert_latency_p99",
                    "Alert latency, telemetry publish -> SSE client, p99, ms",
                    "same as p50",
                    "same as p50",
                    Kind.AT_MOST,
                    250,
                    "<= 250 ms",
                    false),
            new Measure(
                    "sse_idle_throughput",
                    "Alert throughput to one SSE client with 1,000 idle SSE clients connected, alerts/s",
                    "api and ml-scorer jars; a burst of spikes on new stations, time until the reading client has"
                            + " every alert, with 1,000 further clients connected that follow a station without"
                            + " alerts (heartbeats only) and read nothing",
                    "the same burst without the idle clients, alternating run by run",
                    Kind.RATIO_AT_LEAST,
                    0.9,
                    ">= 0.9 x baseline",
                    false),
            new Measure(
                    "sse_subscribed_throughput",
                    "Alert throughput to one SSE client with 1,000 clients following every alert, alerts/s",
                    "same burst, with 1,000 further clients that follow every station and never read, so the api"
                            + " writes each alert to all of them",
                    "the same burst without further clients, alternating run by run",
                    Kind.STATED,
                    0,
                    "stated",
                    false),
            new Measure(
                    "sse_heap_per_client",
                    "Api heap per idle SSE client, KiB",
                    "heap used after a full GC (jcmd GC.run on the api process), after minus before connecting"
                            + " the 1,000 clients, divided by the clients",
                    "-",
                    Kind.AT_MOST,
                    10,
                    "<= 10 KiB",
                    true),
            new Measure(
                    "commands",
                    "Work-order commands/s (one CreateWorkOrder per work order)",
                    "command-side jar started by bench.sh; NATS request/reply, 16 requests in flight",
                    "pgbench single-row INSERT, 16 clients, same PostgreSQL",
                    Kind.RATIO_AT_LEAST,
                    0.3,
                    ">= 0.3 x baseline",
                    false),
            new Measure(
                    "publish_lag_p99",
                    "Commit -> JetStream publish lag, p99, ms",
                    "MesEvent.recorded_at to arrival on a core NATS subscriber of the MES subjects, during the"
                            + " command runs",
                    "-",
                    Kind.AT_MOST,
                    1000,
                    "<= 1000 ms",
                    false),
            new Measure(
                    "publish_lag_p50",
                    "Commit -> JetStream publish lag, p50, ms",
                    "same as p99",
                    "-",
                    Kind.AT_MOST,
                    1000,
                    "<= 1000 ms",
                    false),
            new Measure(
                    "timetravel_p95",
                    "Time-travel query, GraphQL vinAt of one VIN at one instant (window 30 s either side), p95, ms",
                    "api jar started by bench.sh; the ui's vinAt selection plus tighteningResults and scores, over"
                            + " HTTP with X-API-Key; every table vinAt reads filled in proportion to the samples",
                    "the api's ClickHouse statements for the same vinAt, sent one after another over HTTP",
                    Kind.AT_MOST,
                    100,
                    "p95 <= 100 ms",
                    false),
            new Measure(
                    "timetravel_p50",
                    "Time-travel query, GraphQL vinAt of one VIN at one instant (window 30 s either side), p50, ms",
                    "same as p95",
                    "same as p95",
                    Kind.STATED,
                    0,
                    "stated",
                    false));

    private Report() {}

    public static void main(String[] args) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(Results.JSON.readTree(line));
            }
        }
        Path jmhFile = Path.of(args[1]);
        JsonNode jmh = Files.exists(jmhFile) && Files.size(jmhFile) > 0
                ? Results.JSON.readTree(jmhFile.toFile())
                : Results.JSON.createArrayNode();
        ObjectNode stamp = (ObjectNode) Results.JSON.readTree(Path.of(args[2]).toFile());
        StringBuilder md = new StringBuilder();
        ObjectNode json = Results.JSON.createObjectNode();
        json.set("stamp", stamp);
        json.set("runs", Results.JSON.valueToTree(lines));
        json.set("jmh", jmh);
        ArrayNode summary = json.putArray("summary");
        header(md, stamp);
        macroTable(md, lines, summary);
        memory(md, lines);
        outage(md, lines);
        batching(md, lines);
        sweep(md, lines);
        jmhTable(md, jmh);
        method(md, stamp);
        Files.writeString(Path.of(args[3]), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(
                Path.of(args[4]),
                Results.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder md, JsonNode stamp) {
        md.append("# Aegis benchmarks\n\n")
                .append("Produced by `")
                .append(stamp.path("command").asText())
                .append("` on ")
                .append(stamp.path("date").asText())
                .append(" at commit `")
                .append(stamp.path("commit").asText())
                .append("`.\n\n")
                .append("Machine: ")
                .append(stamp.path("cores").asText())
                .append(" cores (")
                .append(stamp.path("cpu").asText())
                .append("), ")
                .append(stamp.path("memory").asText())
                .append(" memory, ")
                .append(stamp.path("os").asText())
                .append(", Java ")
                .append(stamp.path("java").asText())
                .append(", NATS ")
                .append(stamp.path("nats").asText())
                .append(", PostgreSQL ")
                .append(stamp.path("postgres").asText())
                .append(", ClickHouse ")
                .append(stamp.path("clickhouse").asText())
                .append(".\n\n")
                .append(
                        stamp.path("mode").asText().equals("quick")
                                ? "This is a `--quick` run: fewer samples and shorter runs than the full run, so the figures"
                                        + " are noisier. "
                                : "")
                .append(
                        stamp.path("failed").asText().isBlank()
                                ? ""
                                : "Groups that failed in this run, so their rows say not measured: "
                                        + stamp.path("failed").asText() + ". ")
                .append("Other programs shared the machine during the run, so absolute figures are noisy;"
                        + " each measure is compared with a baseline measured in the same invocation, alternating"
                        + " run by run. Every figure is the median of the runs; spread is min-max over the runs."
                        + " A warm-up run precedes the measured runs of the in-process measures, the command"
                        + " runs and the alert latency runs, and is not counted.\n\n");
    }

    private static void macroTable(StringBuilder md, List<JsonNode> lines, ArrayNode summary) {
        md.append("## Results against the goals\n\n")
                .append("| measure | Aegis | baseline | ratio | spread (Aegis; baseline) | goal | verdict |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Measure measure : MEASURES) {
            double[] aegis = values(lines, measure.id(), "aegis");
            double[] baseline = values(lines, measure.id(), "baseline");
            ObjectNode row = summary.addObject();
            row.put("id", measure.id());
            row.put("measure", measure.what());
            row.put("goal", measure.goalText());
            if (aegis.length == 0) {
                row.put("verdict", "not measured");
                md.append("| ")
                        .append(measure.what())
                        .append(" | not measured | | | | ")
                        .append(measure.goalText())
                        .append(" | not measured in this run |\n");
                continue;
            }
            double value = measure.worst() ? max(aegis) : median(aegis);
            double base = baseline.length == 0 ? Double.NaN : median(baseline);
            double ratio = value / base;
            String verdict = verdict(measure, value, ratio);
            row.put("aegis", value);
            row.put("aegisRuns", aegis.length);
            if (baseline.length > 0) {
                row.put("baseline", base);
                row.put("ratio", ratio);
            }
            row.put("verdict", verdict);
            long storedRows = lines.stream()
                    .filter(line -> line.path("id").asText().equals(measure.id()) && line.has("rows"))
                    .mapToLong(line -> line.path("rows").asLong())
                    .findFirst()
                    .orElse(0);
            md.append("| ")
                    .append(measure.what())
                    .append(storedRows > 0 ? String.format(Locale.ROOT, ", on %,d stored samples", storedRows) : "")
                    .append(" | ")
                    .append(format(value))
                    .append(" | ")
                    .append(baseline.length == 0 ? "-" : format(base))
                    .append(" | ")
                    .append(baseline.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", ratio))
                    .append(" | ")
                    .append(spread(aegis))
                    .append(baseline.length == 0 ? "" : "; " + spread(baseline))
                    .append(" | ")
                    .append(measure.goalText())
                    .append(" | ")
                    .append(verdict)
                    .append(" |\n");
        }
        md.append("\nHow each row was measured (in-process means the benchmark drives the service's classes in its own"
                + " JVM; a jar means the service ran as its own process on loopback ports chosen by bench.sh):\n\n");
        for (Measure measure : MEASURES) {
            md.append("- **")
                    .append(measure.what())
                    .append("**: ")
                    .append(measure.how())
                    .append(measure.baseline().equals("-") ? "" : ". Baseline: " + measure.baseline())
                    .append(".\n");
        }
        md.append('\n');
    }

    private static String verdict(Measure measure, double value, double ratio) {
        return switch (measure.kind()) {
            case RATIO_AT_LEAST ->
                ratio >= measure.goal()
                        ? "met"
                        : String.format(
                                Locale.ROOT,
                                "**missed** by %.2f (%.0f%% below the goal)",
                                measure.goal() - ratio,
                                100 * (measure.goal() - ratio) / measure.goal());
            case AT_MOST ->
                value <= measure.goal()
                        ? "met"
                        : String.format(
                                Locale.ROOT,
                                "**missed** by %s (%.0f%% over)",
                                format(value - measure.goal()),
                                100 * (value - measure.goal()) / measure.goal());
            case BELOW ->
                value < measure.goal()
                        ? "met"
                        : String.format(Locale.ROOT, "**missed** by %s", format(value - measure.goal() + 1));
            case STATED -> "stated";
        };
    }

    private static void outage(StringBuilder md, List<JsonNode> lines) {
        JsonNode stored = lines.stream()
                .filter(line -> line.path("id").asText().equals("outage_stored"))
                .findFirst()
                .orElse(null);
        md.append("## Query side under a ClickHouse outage\n\n");
        if (stored == null) {
            md.append("Not measured in this run.\n\n");
            return;
        }
        md.append("A query-side jar wrote to a ClickHouse that bench.sh started on its own loopback ports and data"
                        + " directory; bench.sh stopped that ClickHouse for ")
                .append(stored.path("outageSeconds").asInt())
                .append(" s while ")
                .append(stored.path("samplesPerSecond").asInt())
                .append(" samples/s kept arriving, then started it again. Peak resident set (VmRSS) and heap in use"
                        + " (jvm.memory.used, area heap) sampled every second. Goal: memory stated and bounded.\n\n")
                .append("| phase | peak RSS, MiB | peak heap used, MiB |\n|---|---|---|\n");
        for (String phase : List.of("before", "during", "after")) {
            md.append("| ")
                    .append(phase.equals("during") ? "during the outage" : phase + " the outage")
                    .append(" | ")
                    .append(format(first(lines, "outage_rss_" + phase)))
                    .append(" | ")
                    .append(format(first(lines, "outage_heap_" + phase)))
                    .append(" |\n");
        }
        long published = stored.path("published").asLong();
        long count = stored.path("value").asLong();
        md.append(String.format(
                Locale.ROOT,
                "%nStored after the outage: %,d of %,d published samples (%s), %.0f s after the load ended.%n%n",
                count,
                published,
                count >= published ? "none lost" : "**" + (published - count) + " missing when the wait ended**",
                stored.path("catchUpSeconds").asDouble()));
    }

    private static double first(List<JsonNode> lines, String id) {
        double[] values = values(lines, id, "aegis");
        return values.length == 0 ? Double.NaN : values[0];
    }

    private static void memory(StringBuilder md, List<JsonNode> lines) {
        List<JsonNode> rows = lines.stream()
                .filter(line -> line.path("id").asText().startsWith("peak_rss_"))
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Peak memory per service\n\n")
                .append("Peak resident set (VmHWM from /proc) of each service jar over its whole life in this run,"
                        + " with the heap limit it ran under. Goal: stated.\n\n")
                .append("| service | what it did | peak RSS, MiB | JVM options |\n|---|---|---|---|\n");
        for (JsonNode row : rows) {
            md.append("| ")
                    .append(row.path("id").asText().substring("peak_rss_".length()))
                    .append(" | ")
                    .append(row.path("during").asText())
                    .append(" | ")
                    .append(format(row.path("value").asDouble()))
                    .append(" | `")
                    .append(row.path("jvm").asText())
                    .append("` |\n");
        }
        md.append('\n');
    }

    private static void batching(StringBuilder md, List<JsonNode> lines) {
        double[] single = values(lines, "batching_single", "aegis");
        double[] batched = values(lines, "batching_batched", "aegis");
        if (single.length == 0 || batched.length == 0) {
            return;
        }
        int perMessage = lines.stream()
                .filter(line -> line.path("id").asText().equals("batching_batched"))
                .findFirst()
                .map(line -> line.path("samplesPerMessage").asInt())
                .orElse(0);
        md.append("## Micro-batching: one sample per message against per-station batches\n\n")
                .append("Raw jnats publishAsync loop with JetStream acknowledgements, 6 stations at 1 kHz; a batch"
                        + " holds one station's samples of 10 ms (")
                .append(perMessage)
                .append(" samples per message).\n\n")
                .append("| messages | samples/s (median) | spread |\n|---|---|---|\n")
                .append("| one sample per message | ")
                .append(format(median(single)))
                .append(" | ")
                .append(spread(single))
                .append(" |\n| per-station batch of 10 ms | ")
                .append(format(median(batched)))
                .append(" | ")
                .append(spread(batched))
                .append(" |\n\n")
                .append(String.format(
                        Locale.ROOT,
                        "Batching carries %.1f x the samples per second.%n%n",
                        median(batched) / median(single)));
    }

    private static void sweep(StringBuilder md, List<JsonNode> lines) {
        Map<Integer, List<Double>> bySize = new LinkedHashMap<>();
        for (JsonNode line : lines) {
            if (line.path("id").asText().startsWith("sweep_")) {
                bySize.computeIfAbsent(line.path("batchRows").asInt(), size -> new ArrayList<>())
                        .add(line.path("value").asDouble());
            }
        }
        if (bySize.isEmpty()) {
            return;
        }
        md.append("## ClickHouse writer batch-size sweep\n\n")
                .append("The query side's RowBinary row encoding, one insert per batch through its ClickHouseGateway,"
                        + " into a scratch copy of the telemetry table. The writer's insert is due at 10,000 ready rows or"
                        + " when the oldest has waited 500 ms, at most one per second, each with up to 100,000 rows"
                        + " (aegis.query.batch-rows, flush-interval, min-insert-interval, max-batch-rows).\n\n")
                .append("| rows per insert | rows/s (median) | spread |\n|---|---|---|\n");
        bySize.forEach((size, values) -> {
            double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
            md.append("| ")
                    .append(size)
                    .append(" | ")
                    .append(format(median(array)))
                    .append(" | ")
                    .append(spread(array))
                    .append(" |\n");
        });
        md.append('\n');
    }

    private static void jmhTable(StringBuilder md, JsonNode jmh) {
        if (jmh.isEmpty()) {
            return;
        }
        md.append("## Hot paths (JMH)\n\n")
                .append("Throughput in operations per second; error is JMH's 99.9% confidence half-width.\n\n")
                .append("| benchmark | parameters | ops/s | error | forks x iterations |\n|---|---|---|---|---|\n");
        for (JsonNode result : jmh) {
            String name = result.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            result.path("params")
                    .fields()
                    .forEachRemaining(entry -> params.append(entry.getKey())
                            .append('=')
                            .append(entry.getValue().asText())
                            .append(' '));
            JsonNode metric = result.path("primaryMetric");
            md.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(params.toString().trim())
                    .append(" | ")
                    .append(format(metric.path("score").asDouble()))
                    .append(" | ")
                    .append(
                            metric.path("scoreError").isNumber()
                                    ? format(metric.path("scoreError").asDouble())
                                    : "-")
                    .append(" | ")
                    .append(result.path("forks").asInt())
                    .append(" x ")
                    .append(result.path("measurementIterations").asInt())
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void method(StringBuilder md, JsonNode stamp) {
        md.append("## How to reproduce\n\n")
                .append("`./aegis bench` runs everything with larger counts and more runs; both modes store 10"
                        + " million samples for the time-travel query; ")
                .append(stamp.path("fullDuration").asText())
                .append(". `./aegis bench --quick` runs a short version (this run took ")
                .append(stamp.path("elapsed").asText())
                .append("). The harness uses its own JetStream streams (BENCH_<id>), subject roots (bench<id>),"
                        + " ClickHouse database aegis_bench and PostgreSQL databases aegis_bench_*, deletes them"
                        + " afterwards, and starts its service jars on free loopback ports. Raw figures are in"
                        + " docs/benchmarks.json.\n");
    }

    static double[] values(List<JsonNode> lines, String id, String side) {
        return lines.stream()
                .filter(line -> line.path("id").asText().equals(id)
                        && line.path("side").asText().equals(side))
                .mapToDouble(line -> line.path("value").asDouble())
                .toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static String spread(double[] values) {
        return format(Arrays.stream(values).min().orElse(Double.NaN)) + "-" + format(max(values)) + " (n="
                + values.length + ")";
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
