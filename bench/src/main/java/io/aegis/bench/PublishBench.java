package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.edge.publish.Publishers;
import io.aegis.proto.v1.TelemetryBatch;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Edge publish throughput: the edge bridge's {@link JetStreamPublisher} against a plain jnats publishAsync loop, on
 * the same stream with the same messages (per-station batches, binary protobuf, message ids). Also the
 * micro-batching comparison: one sample per message against per-station batches.
 */
final class PublishBench {

    private static final int STATIONS = 6;

    private PublishBench() {}

    static void publish(Macro.Options o, Results results) throws Exception {
        int samples = o.integer("samples", 200_000);
        int perMessage = o.integer("perMessage", 10);
        int runs = o.integer("runs", 3);
        long limitMs = o.seconds("limit", 60).toMillis();
        Subjects subjects = Macro.subjects(o);
        try (Connection connection = Macro.connect(o)) {
            Path spool = Files.createTempDirectory("aegis-bench-spool");
            for (int run = 0; run <= runs; run++) {
                List<OutboundMessage> messages = messages(subjects, "p" + run + "a", samples, perMessage);
                double aegis = viaPublisher(connection, spool, messages, limitMs);
                results.write("edge_publish", "aegis", run, aegis, "samples/s");
                messages = messages(subjects, "p" + run + "b", samples, perMessage);
                double raw = viaRawLoop(connection.jetStream(), messages, limitMs);
                results.write("edge_publish", "baseline", run, raw, "samples/s");
            }
        }
    }

    static void batching(Macro.Options o, Results results) throws Exception {
        int samples = o.integer("samples", 100_000);
        int runs = o.integer("runs", 3);
        int rateHz = o.integer("rateHz", 1000);
        int batchMs = o.integer("batchMs", 10);
        int perBatch = Math.max(1, rateHz * batchMs / 1000);
        long limitMs = o.seconds("limit", 60).toMillis();
        Subjects subjects = Macro.subjects(o);
        try (Connection connection = Macro.connect(o)) {
            JetStream jetStream = connection.jetStream();
            for (int run = 0; run <= runs; run++) {
                double single = viaRawLoop(jetStream, messages(subjects, "m" + run + "s", samples, 1), limitMs);
                results.write("batching_single", "aegis", run, single, "samples/s");
                double batched = viaRawLoop(jetStream, messages(subjects, "m" + run + "b", samples, perBatch), limitMs);
                results.write(results.record("batching_batched", "aegis", run, batched, "samples/s")
                        .put("samplesPerMessage", perBatch));
            }
        }
    }

    /** Builds {@code samples} samples over {@link #STATIONS} stations, {@code perMessage} per message. */
    static List<OutboundMessage> messages(Subjects subjects, String prefix, int samples, int perMessage) {
        return messages(subjects, prefix, samples, perMessage, System.currentTimeMillis() - 3_600_000);
    }

    /** Same, with sample n of a station taken at {@code start + n} ms (1 kHz). */
    static List<OutboundMessage> messages(Subjects subjects, String prefix, int samples, int perMessage, long start) {
        List<OutboundMessage> messages = new ArrayList<>(samples / perMessage + STATIONS);
        long[] nextSeq = new long[STATIONS];
        int made = 0;
        int station = 0;
        while (made < samples) {
            int count = Math.min(perMessage, samples - made);
            String id = prefix + (station + 1);
            long seq = nextSeq[station] + 1;
            TelemetryBatch batch = Telemetry.batch(id, seq, count, start + seq, 1000);
            nextSeq[station] += count;
            messages.add(new OutboundMessage(
                    subjects.telemetry(id),
                    TelemetryCodec.headers(),
                    TelemetryCodec.encode(batch),
                    TelemetryCodec.messageId(batch),
                    count));
            made += count;
            station = (station + 1) % STATIONS;
        }
        return messages;
    }

    private static int sampleCount(List<OutboundMessage> messages) {
        return messages.stream().mapToInt(OutboundMessage::samples).sum();
    }

    static double viaPublisher(Connection connection, Path spool, List<OutboundMessage> messages, long limitMs)
            throws Exception {
        JetStreamPublisher publisher = Publishers.withDefaults(connection, spool);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(limitMs);
        for (OutboundMessage message : messages) {
            publisher.publish(message);
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        while (publisher.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long elapsed = System.nanoTime() - start;
        long acknowledged = publisher.statistics().acknowledgedSamples();
        publisher.drain();
        Progress.say("edge publisher: %d of %d samples acknowledged", acknowledged, sampleCount(messages));
        return acknowledged / (elapsed / 1e9);
    }

    static double viaRawLoop(JetStream jetStream, List<OutboundMessage> messages, long limitMs) throws Exception {
        List<CompletableFuture<PublishAck>> futures = new ArrayList<>(messages.size());
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(limitMs);
        int sent = 0;
        for (OutboundMessage message : messages) {
            PublishOptions options =
                    PublishOptions.builder().messageId(message.messageId()).build();
            futures.add(jetStream.publishAsync(message.subject(), message.headers(), message.body(), options));
            sent += message.samples();
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(remaining, TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - start;
        Progress.say("raw publishAsync loop: %d of %d samples acknowledged", sent, sampleCount(messages));
        return sent / (elapsed / 1e9);
    }
}
