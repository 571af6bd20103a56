package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert latency from the publish of an anomalous telemetry sample to its DefectAlert on an SSE client of the api,
 * through an ml-scorer and an api that scripts/bench.sh started, while a background load of normal telemetry runs.
 * The baseline is the latency of a raw JetStream publish to a push consumer under the same background load.
 */
final class AlertBench {

    private static final Pattern ALERT = Pattern.compile("\"station_id\":\"([^\"]+)\".*\"timestamp\":([0-9]+)");
    private static final int STATIONS = 6;

    private AlertBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int spikes = o.integer("spikes", 30);
        int runs = o.integer("runs", 3);
        int rateHz = o.integer("rateHz", 200);
        Subjects subjects = Macro.subjects(o);
        try (Connection connection = Macro.connect(o)) {
            JetStream jetStream = connection.jetStream();
            Map<String, Long> published = new ConcurrentHashMap<>();
            Map<String, Long> received = new ConcurrentHashMap<>();
            Thread sse = sseClient(o, received);
            Background background = new Background(jetStream, subjects, rateHz);
            Thread load = new Thread(background, "bench-background-load");
            load.setDaemon(true);
            load.start();
            Thread.sleep(3_000);
            for (int run = 0; run <= runs; run++) {
                published.clear();
                received.clear();
                for (int i = 0; i < spikes; i++) {
                    String station = Integer.toString(1 + i % STATIONS);
                    long timestamp = System.currentTimeMillis();
                    TelemetryBatch spike = TelemetryBatch.newBuilder()
                            .setStationId(station)
                            .addSamples(TorqueSample.newBuilder()
                                    .setStationId(station)
                                    .setTimestamp(timestamp)
                                    .setSeq(background.nextSeq(station))
                                    .setTorque(400)
                                    .setSource("bench-spike"))
                            .build();
                    published.put(station + "@" + timestamp, System.nanoTime());
                    background.publish(spike);
                    Thread.sleep(500);
                }
                long settle = System.currentTimeMillis() + 5_000;
                while (received.size() < published.size() && System.currentTimeMillis() < settle) {
                    Thread.sleep(50);
                }
                double[] latencies = published.entrySet().stream()
                        .filter(entry -> received.containsKey(entry.getKey()))
                        .mapToDouble(entry -> (received.get(entry.getKey()) - entry.getValue()) / 1e6)
                        .sorted()
                        .toArray();
                Progress.say("alerts run %d: %d of %d spikes arrived as SSE alerts", run, latencies.length, spikes);
                double[] raw = rawLatency(connection, subjects, spikes);
                putBoth(results, "alert_latency_p50", run, latencies, raw, 50, rateHz);
                putBoth(results, "alert_latency_p99", run, latencies, raw, 99, rateHz);
            }
            background.stop();
            sse.interrupt();
        }
    }

    private static void putBoth(
            Results results, String id, int run, double[] aegis, double[] raw, double percentile, int rateHz) {
        results.write(results.record(id, "aegis", run, Progress.percentile(aegis, percentile), "ms")
                .put("alerts", aegis.length)
                .put("backgroundSamplesPerSecond", STATIONS * rateHz));
        results.write(results.record(id, "baseline", run, Progress.percentile(raw, percentile), "ms"));
    }

    /** Latency of single JetStream publishes to a push consumer, under the same background load. */
    private static double[] rawLatency(Connection connection, Subjects subjects, int count) throws Exception {
        JetStream jetStream = connection.jetStream();
        String subject = subjects.scores("latency");
        JetStreamSubscription subscription = jetStream.subscribe(
                subject,
                PushSubscribeOptions.builder()
                        .configuration(ConsumerConfiguration.builder()
                                .deliverPolicy(DeliverPolicy.New)
                                .build())
                        .build());
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            jetStream.publishAsync(subject, new byte[64]);
            Message message = subscription.nextMessage(Duration.ofSeconds(5));
            latencies[i] = message == null ? Double.NaN : (System.nanoTime() - start) / 1e6;
            if (message != null) {
                message.ack();
            }
            Thread.sleep(50);
        }
        subscription.unsubscribe();
        Arrays.sort(latencies);
        return latencies;
    }

    private static Thread sseClient(Macro.Options o, Map<String, Long> received) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + o.string("apiPort") + "/api/alerts/stream"))
                .header("Accept", "text/event-stream");
        String key = apiKey(Path.of(o.string("credentials", "")));
        if (!key.isEmpty()) {
            request.header("X-API-Key", key);
        }
        HttpResponse<java.io.InputStream> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SSE stream returned HTTP " + response.statusCode());
        }
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            long now = System.nanoTime();
                            Matcher matcher = ALERT.matcher(line);
                            if (line.startsWith("data:") && matcher.find()) {
                                received.putIfAbsent(matcher.group(1) + "@" + matcher.group(2), now);
                            }
                        }
                    } catch (Exception e) {
                        Progress.say("SSE client stopped: %s", e.toString());
                    }
                },
                "bench-sse-client");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static String apiKey(Path credentials) throws Exception {
        return apiKey(credentials, "supervisor");
    }

    /** Returns the API key of {@code role} from the credentials file, or "" when the file or the key is missing. */
    static String apiKey(Path credentials, String role) throws Exception {
        if (credentials.toString().isEmpty() || !Files.exists(credentials)) {
            return "";
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(credentials)) {
            properties.load(in);
        }
        return properties.getProperty("api-key." + role, "");
    }

    /** Normal telemetry of 6 stations at {@code rateHz}, one 10 ms batch per station and tick. */
    private static final class Background implements Runnable {
        private final JetStream jetStream;
        private final Subjects subjects;
        private final int rateHz;
        private final Map<String, Long> seq = new ConcurrentHashMap<>();
        private final SplittableRandom random = new SplittableRandom(5);
        private volatile boolean running = true;

        Background(JetStream jetStream, Subjects subjects, int rateHz) {
            this.jetStream = jetStream;
            this.subjects = subjects;
            this.rateHz = rateHz;
        }

        long nextSeq(String station) {
            return seq.merge(station, 1L, Long::sum);
        }

        synchronized void publish(TelemetryBatch batch) {
            jetStream.publishAsync(
                    subjects.telemetry(batch.getStationId()),
                    TelemetryCodec.headers(),
                    TelemetryCodec.encode(batch),
                    PublishOptions.builder()
                            .messageId(TelemetryCodec.messageId(batch))
                            .build());
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            int perBatch = Math.max(1, rateHz / 100);
            long next = System.nanoTime();
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (running && System.nanoTime() < end) {
                long now = System.currentTimeMillis();
                for (int s = 1; s <= STATIONS; s++) {
                    String station = Integer.toString(s);
                    TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setStationId(station);
                    for (int i = 0; i < perBatch; i++) {
                        batch.addSamples(TorqueSample.newBuilder()
                                .setStationId(station)
                                .setTimestamp(now - 10 + i * 10L / perBatch)
                                .setSeq(nextSeq(station))
                                .setTorque(40 + random.nextDouble())
                                .setSource("bench"));
                    }
                    publish(batch.build());
                }
                next += 10_000_000;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                }
            }
        }
    }
}
