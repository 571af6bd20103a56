package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a query-side service while the ClickHouse it writes to is down. Publishes a steady telemetry load for
 * {@code before + outage + after} seconds and samples the service's resident set and heap every second; scripts/bench.sh
 * stops its private ClickHouse after {@code before} seconds and starts it again {@code outage} seconds later. Then
 * waits until every published sample is stored.
 */
final class OutageBench {

    private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.E]+)");
    private static final int STATIONS = 6;

    private OutageBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int rateHz = o.integer("rateHz", 200);
        int before = o.integer("before", 15);
        int outage = o.integer("outage", 60);
        int after = o.integer("after", 15);
        String pid = o.string("servicePid");
        String port = o.string("servicePort");
        String database = o.string("database");
        Subjects subjects = Macro.subjects(o);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String[] phases = {"before", "during", "after"};
        double[] peakRss = new double[3];
        double[] peakHeap = new double[3];
        long published = 0;
        try (Connection connection = Macro.connect(o)) {
            JetStream jetStream = connection.jetStream();
            long begin = System.currentTimeMillis();
            int total = before + outage + after;
            StoreBench.publishVisits(jetStream, subjects, "o", 1, begin - 1_000, begin + (total + 30) * 1_000L);
            long[] seq = new long[STATIONS];
            long nextSample = begin;
            int perBatch = Math.max(1, rateHz / 100);
            while (System.currentTimeMillis() < begin + total * 1_000L) {
                long now = System.currentTimeMillis();
                for (int s = 0; s < STATIONS; s++) {
                    TelemetryBatch batch = Telemetry.batch("o" + (s + 1), seq[s] + 1, perBatch, now, rateHz);
                    seq[s] += perBatch;
                    jetStream.publishAsync(
                            subjects.telemetry(batch.getStationId()),
                            TelemetryCodec.headers(),
                            TelemetryCodec.encode(batch),
                            PublishOptions.builder()
                                    .messageId(TelemetryCodec.messageId(batch))
                                    .build());
                    published += perBatch;
                }
                if (now >= nextSample) {
                    int elapsed = (int) ((now - begin) / 1000);
                    int phase = 2;
                    if (elapsed < before) {
                        phase = 0;
                    } else if (elapsed < before + outage) {
                        phase = 1;
                    }
                    peakRss[phase] = Math.max(peakRss[phase], rssMiB(pid));
                    peakHeap[phase] = Math.max(peakHeap[phase], heapMiB(http, port));
                    if (elapsed % 10 == 0) {
                        Progress.say(
                                "outage run: %d s of %d, %s, %d samples published",
                                elapsed, total, phases[phase], published);
                    }
                    nextSample = now + 1_000;
                }
                Thread.sleep(10);
            }
            long loadEnd = System.nanoTime();
            long stored = 0;
            try (ClickHouseGateway clickHouse = StoreBench.gateway(o)) {
                long deadline = loadEnd + TimeUnit.SECONDS.toNanos(o.integer("recoveryLimit", 240));
                while (System.nanoTime() < deadline) {
                    try {
                        stored = clickHouse
                                .query("SELECT count() AS n FROM " + database + ".telemetry WHERE station_id LIKE 'o%'")
                                .get(0)
                                .path("n")
                                .asLong();
                    } catch (RuntimeException e) {
                        Progress.say("ClickHouse not answering yet: %s", e.getMessage());
                    }
                    peakRss[2] = Math.max(peakRss[2], rssMiB(pid));
                    peakHeap[2] = Math.max(peakHeap[2], heapMiB(http, port));
                    if (stored >= published) {
                        break;
                    }
                    Progress.say("after the outage: %d of %d samples stored", stored, published);
                    Thread.sleep(1_000);
                }
            }
            double catchUp = (System.nanoTime() - loadEnd) / 1e9;
            for (int phase = 0; phase < 3; phase++) {
                results.write(results.record("outage_rss_" + phases[phase], "aegis", 1, peakRss[phase], "MiB"));
                results.write(results.record("outage_heap_" + phases[phase], "aegis", 1, peakHeap[phase], "MiB"));
            }
            results.write(results.record("outage_stored", "aegis", 1, stored, "samples")
                    .put("published", published)
                    .put("catchUpSeconds", catchUp)
                    .put("outageSeconds", outage)
                    .put("samplesPerSecond", Math.round(published / (double) (before + outage + after))));
        }
    }

    private static double rssMiB(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            Progress.say("resident set of pid %s unreadable: %s", pid, e.toString());
        }
        return 0;
    }

    private static double heapMiB(HttpClient http, String port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            Matcher matcher = VALUE.matcher(
                    http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            return matcher.find() ? Double.parseDouble(matcher.group(1)) / 1048576 : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
