package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.telemetry.JoinHarness;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.List;

/**
 * Correlation join throughput with the ClickHouse sink stubbed ({@link JoinHarness}) against a plain jnats pull
 * loop that acknowledges every message, both reading the same stored messages through a fresh durable consumer.
 */
final class JoinBench {

    private JoinBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int samples = o.integer("samples", 200_000);
        int perMessage = o.integer("perMessage", 10);
        int runs = o.integer("runs", 3);
        Duration limit = o.seconds("limit", 120);
        String stream = o.string("stream");
        Subjects subjects = Macro.subjects(o);
        long start = JoinLookupBenchmark.START;
        try (Connection connection = Macro.connect(o)) {
            List<OutboundMessage> messages = PublishBench.messages(subjects, "", samples, perMessage, start + 1_000);
            Progress.say("storing %d telemetry messages (%d samples) in %s", messages.size(), samples, stream);
            PublishBench.viaRawLoop(connection.jetStream(), messages, limit.toMillis());
            MesContext context = JoinLookupBenchmark.populated(200, start);
            JetStreamManagement management = connection.jetStreamManagement();
            for (int run = 0; run <= runs; run++) {
                String durable = "bench-join-" + run;
                long[] joined = JoinHarness.consume(connection, stream, subjects, durable, context, samples, limit);
                management.deleteConsumer(stream, durable);
                Progress.say("join: %d of %d samples joined and acknowledged", joined[0], samples);
                results.write("join", "aegis", run, joined[0] / (joined[1] / 1e9), "samples/s");
                String rawDurable = "bench-raw-" + run;
                double raw = rawConsume(connection, stream, subjects, rawDurable, messages.size(), perMessage, limit);
                management.deleteConsumer(stream, rawDurable);
                results.write("join", "baseline", run, raw, "samples/s");
            }
        }
    }

    private static double rawConsume(
            Connection connection,
            String stream,
            Subjects subjects,
            String durable,
            int expectedMessages,
            int perMessage,
            Duration limit)
            throws Exception {
        connection
                .jetStreamManagement()
                .addOrUpdateConsumer(
                        stream,
                        ConsumerConfiguration.builder()
                                .durable(durable)
                                .filterSubject(subjects.telemetryAll())
                                .deliverPolicy(DeliverPolicy.All)
                                .ackPolicy(AckPolicy.Explicit)
                                .maxAckPending(200_000)
                                .build());
        ConsumerContext consumer = connection.getConsumerContext(stream, durable);
        FetchConsumeOptions options =
                FetchConsumeOptions.builder().maxMessages(256).expiresIn(1_000).build();
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int received = 0;
        while (received < expectedMessages && System.nanoTime() < deadline) {
            try (FetchConsumer fetch = consumer.fetch(options)) {
                Message message;
                while ((message = fetch.nextMessage()) != null) {
                    message.ack();
                    received++;
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        Progress.say("raw pull loop: %d of %d messages acknowledged", received, expectedMessages);
        return (double) received * perMessage / (elapsed / 1e9);
    }
}
