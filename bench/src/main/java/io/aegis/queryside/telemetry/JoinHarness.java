package io.aegis.queryside.telemetry;

import io.aegis.contract.Subjects;
import io.aegis.queryside.ClickHouseProperties;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.QuerySideProperties;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.clickhouse.RowVersions;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.MesContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the query side's telemetry path in-process with the ClickHouse insert stubbed out: the real
 * {@link TelemetryConsumer} (pull, decode, validate, clock check) and {@link TelemetryPipeline}, and a sink that does
 * what {@link TelemetryWriter} does per batch except the insert (join each sample with {@link MesContext#enrich},
 * encode the RowBinary row, then acknowledge the deliveries). It sits in the query side's package because those
 * classes are package-private.
 */
public final class JoinHarness {

    private JoinHarness() {}

    /**
     * Consumes every telemetry message of {@code subjects} in {@code stream} through a fresh durable consumer until
     * {@code expectedSamples} samples are joined and acknowledged or {@code limit} passes.
     *
     * @return samples joined and acknowledged, and the elapsed nanoseconds
     */
    public static long[] consume(
            Connection connection,
            String stream,
            Subjects subjects,
            String durable,
            MesContext context,
            int expectedSamples,
            Duration limit)
            throws Exception {
        QuerySideProperties properties = new QuerySideProperties(
                durable,
                "unused-alerts",
                "unused-scores",
                "unused-tightening",
                5000,
                Duration.ofMillis(500),
                Duration.ZERO,
                5000,
                Duration.ofSeconds(2),
                200_000,
                256,
                Duration.ofSeconds(30),
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10));
        Clock clock = Clock.systemUTC();
        QueryMetrics metrics = new QueryMetrics(new SimpleMeterRegistry());
        ClickHouseAvailability availability = new ClickHouseAvailability(Duration.ofSeconds(10));
        TelemetryPipeline pipeline = new TelemetryPipeline(context);
        // The writer is never run; the consumer only calls its wake(). Its gateway opens no connection here.
        ClickHouseGateway unusedGateway = new ClickHouseGateway(new ClickHouseProperties(
                "http://127.0.0.1:1", "default", "", "unused", Duration.ofSeconds(1), Duration.ofSeconds(1)));
        RowVersions versions = new RowVersions(clock);
        TelemetryWriter writer = new TelemetryWriter(
                properties, unusedGateway, availability, context, pipeline, versions, metrics, clock);
        TelemetryConsumer consumer = new TelemetryConsumer(
                connection,
                stream,
                subjects,
                properties,
                pipeline,
                writer,
                new ClockMonitor(properties.clockOffsetThreshold(), Duration.ofMinutes(1)),
                availability,
                metrics,
                clock,
                () -> true);
        consumer.bind();
        Thread pulling = new Thread(consumer, "bench-telemetry-consumer");
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        pulling.start();
        long stored = 0;
        try {
            while (stored < expectedSamples && System.nanoTime() < deadline) {
                long now = clock.millis();
                pipeline.promote(now);
                List<TelemetryPipeline.Sample> batch = pipeline.nextBatch(
                        properties.batchRows(),
                        properties.batchRows(),
                        now,
                        properties.flushInterval().toMillis(),
                        false);
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                RowBinaryOutput out = new RowBinaryOutput(batch.size() * 160);
                for (TelemetryPipeline.Sample sample : batch) {
                    var raw = sample.raw();
                    Enrichment enrichment = context.enrich(raw.getStationId(), raw.getTimestamp());
                    new TelemetryRow(
                                    raw.getStationId(),
                                    raw.getSeq(),
                                    raw.getTimestamp(),
                                    raw.getTorque(),
                                    raw.getAngleDeg(),
                                    raw.getHasAngle(),
                                    raw.getTighteningId(),
                                    raw.getSource(),
                                    sample.ingestTimestamp(),
                                    sample.clockSuspect(),
                                    sample.clockOffsetMs(),
                                    enrichment,
                                    versions.next())
                            .writeTo(out);
                }
                for (TelemetryPipeline.Delivery delivery : pipeline.stored(batch, clock.millis())) {
                    delivery.acknowledger().ack();
                }
                stored += batch.size();
            }
        } finally {
            consumer.stop();
            pulling.join(5_000);
            unusedGateway.close();
        }
        return new long[] {stored, System.nanoTime() - start};
    }
}
