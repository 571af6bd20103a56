package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cost of idle SSE clients on the api: alert throughput to one reading client with and without {@code clients}
 * further connected clients, and the api's heap per client (heap used after a full GC, requested with jcmd on the api
 * process that scripts/bench.sh started, before and after the clients connect). Idle clients follow a station that
 * raises no alert, so they get heartbeats only. A second measure connects the same number of clients that follow
 * every station and never read, so each alert of the burst is written to all of them.
 */
final class SseBench {

    private static final Pattern STATION = Pattern.compile("\"station_id\":\"([^\"]+)\"");
    /** A station no benchmark publishes to, so its followers get heartbeats only. */
    private static final String QUIET_STATION = "bench-quiet";

    private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.E]+)");

    private SseBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int alerts = o.integer("alerts", 100);
        int clients = o.integer("clients", 1000);
        int runs = o.integer("runs", 3);
        Subjects subjects = Macro.subjects(o);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        // The idle clients get their own HttpClient, so their traffic does not share the reader's selector thread.
        HttpClient idleHttp = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        reader(http, o, seen);
        try (Connection connection = Macro.connect(o)) {
            JetStream jetStream = connection.jetStream();
            for (int run = 1; run <= runs; run++) {
                double without = burst(jetStream, subjects, "q" + run + "n", alerts, seen);
                results.write("sse_idle_throughput", "baseline", run, without, "alerts/s");
                double before = heapAfterGc(o);
                List<InputStream> idle = connect(idleHttp, o, clients, "?station_id=" + QUIET_STATION);
                Thread.sleep(2_000);
                double after = heapAfterGc(o);
                double with = burst(jetStream, subjects, "q" + run + "w", alerts, seen);
                results.write(results.record("sse_idle_throughput", "aegis", run, with, "alerts/s")
                        .put("idleClients", idle.size()));
                results.write(results.record(
                                "sse_heap_per_client", "aegis", run, (after - before) / 1024 / idle.size(), "KiB")
                        .put("idleClients", idle.size()));
                closeAll(idle);

                List<InputStream> subscribed = connect(idleHttp, o, clients, "");
                Thread.sleep(2_000);
                double toAll = burst(jetStream, subjects, "q" + run + "s", alerts, seen);
                results.write(results.record("sse_subscribed_throughput", "aegis", run, toAll, "alerts/s")
                        .put("subscribedClients", subscribed.size()));
                results.write("sse_subscribed_throughput", "baseline", run, without, "alerts/s");
                closeAll(subscribed);
            }
        }
    }

    /** Publishes one spike on each of {@code alerts} new stations and returns alerts per second seen by the reader. */
    private static double burst(JetStream jetStream, Subjects subjects, String prefix, int alerts, Set<String> seen)
            throws Exception {
        long now = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = 0; i < alerts; i++) {
            String station = prefix + "x" + i;
            TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setStationId(station);
            for (int s = 1; s <= 4; s++) {
                batch.addSamples(TorqueSample.newBuilder()
                        .setStationId(station)
                        .setSeq(s)
                        .setTimestamp(now + s)
                        .setTorque(s == 4 ? 400 : 40 + s * 0.1)
                        .setSource("bench"));
            }
            TelemetryBatch built = batch.build();
            jetStream.publishAsync(
                    subjects.telemetry(station),
                    TelemetryCodec.headers(),
                    TelemetryCodec.encode(built),
                    PublishOptions.builder()
                            .messageId(TelemetryCodec.messageId(built))
                            .build());
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        long arrived = 0;
        while (System.nanoTime() < deadline) {
            arrived = seen.stream()
                    .filter(station -> station.startsWith(prefix + "x"))
                    .count();
            if (arrived >= alerts) {
                break;
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Progress.say("SSE burst %s: %d of %d alerts arrived in %.2f s", prefix, arrived, alerts, seconds);
        return arrived / seconds;
    }

    private static HttpRequest streamRequest(Macro.Options o, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + o.string("apiPort") + "/api/alerts/stream" + query))
                .header("Accept", "text/event-stream");
        String key = AlertBench.apiKey(Path.of(o.string("credentials", "")));
        if (!key.isEmpty()) {
            request.header("X-API-Key", key);
        }
        return request.build();
    }

    private static void reader(HttpClient http, Macro.Options o, Set<String> seen) throws Exception {
        HttpResponse<InputStream> response = http.send(streamRequest(o, ""), HttpResponse.BodyHandlers.ofInputStream());
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            Matcher matcher = STATION.matcher(line);
                            if (line.startsWith("data:") && matcher.find()) {
                                seen.add(matcher.group(1));
                            }
                        }
                    } catch (Exception e) {
                        Progress.say("SSE reader stopped: %s", e.toString());
                    }
                },
                "bench-sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens {@code clients} streams with the given query string that are never read. */
    private static List<InputStream> connect(HttpClient http, Macro.Options o, int clients, String query)
            throws Exception {
        HttpRequest request = streamRequest(o, query);
        List<CompletableFuture<HttpResponse<InputStream>>> pending = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<InputStream> streams = new ArrayList<>();
        for (CompletableFuture<HttpResponse<InputStream>> future : pending) {
            try {
                HttpResponse<InputStream> response = future.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    streams.add(response.body());
                } else {
                    response.body().close();
                }
            } catch (Exception e) {
                Progress.say("idle SSE client failed to connect: %s", e.toString());
            }
        }
        Progress.say("%d of %d idle SSE clients connected", streams.size(), clients);
        return streams;
    }

    private static void closeAll(List<InputStream> streams) throws Exception {
        for (InputStream stream : streams) {
            stream.close();
        }
        Thread.sleep(2_000);
    }

    /** Requests a full GC of the api with jcmd and returns its heap in use afterwards, in bytes. */
    private static double heapAfterGc(Macro.Options o) throws Exception {
        Process gc = new ProcessBuilder("jcmd", o.string("apiPid"), "GC.run")
                .redirectErrorStream(true)
                .start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(30, TimeUnit.SECONDS);
        // The metrics endpoint requires the admin role when authentication is on.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + o.string("apiPort") + "/actuator/metrics/jvm.memory.used?tag=area:heap"));
        String key = AlertBench.apiKey(Path.of(o.string("credentials", "")), "admin");
        if (!key.isEmpty()) {
            request.header("X-API-Key", key);
        }
        String body = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher matcher = VALUE.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("api heap metric unreadable: " + body);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
