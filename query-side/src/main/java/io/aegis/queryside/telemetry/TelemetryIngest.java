package io.aegis.queryside.telemetry;

import io.aegis.contract.Subjects;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.QuerySideProperties;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.PreparedInsert;
import io.aegis.queryside.clickhouse.RowVersions;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.context.StaleRange;
import io.aegis.queryside.mes.MesConsumer;
import io.micrometer.core.instrument.Gauge;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry side of correlation: the shared durable consumer, the grace-period pipeline and the ClickHouse writer,
 * each on its own thread. It is also where MES events deliver their read-model rows and stale ranges, so that every
 * ClickHouse write of the pipeline happens on the writer thread in order.
 */
public final class TelemetryIngest implements MesConsumer.Sink {

    private static final Logger log = LoggerFactory.getLogger(TelemetryIngest.class);
    private static final Duration CLOCK_WINDOW = Duration.ofMinutes(1);

    private final TelemetryPipeline pipeline;
    private final TelemetryWriter writer;
    private final TelemetryConsumer consumer;
    private Thread writerThread;
    private Thread consumerThread;

    public TelemetryIngest(
            Connection connection,
            String stream,
            Subjects subjects,
            QuerySideProperties properties,
            ClickHouseGateway clickHouse,
            ClickHouseAvailability availability,
            MesContext context,
            QueryMetrics metrics,
            Clock clock,
            BooleanSupplier mesCaughtUp) {
        this.pipeline = new TelemetryPipeline(context);
        this.writer = new TelemetryWriter(
                properties, clickHouse, availability, context, pipeline, new RowVersions(clock), metrics, clock);
        this.consumer = new TelemetryConsumer(
                connection,
                stream,
                subjects,
                properties,
                pipeline,
                writer,
                new ClockMonitor(properties.clockOffsetThreshold(), CLOCK_WINDOW),
                availability,
                metrics,
                clock,
                mesCaughtUp);
        Gauge.builder("aegis.query.rows.pending", pipeline, TelemetryPipeline::size)
                .description("Telemetry samples in memory: held for MES context or waiting for their insert")
                .register(metrics.registry());
        Gauge.builder("aegis.query.corrections.queued", writer, TelemetryWriter::staleRanges)
                .description("Station time ranges waiting to be enriched again")
                .register(metrics.registry());
    }

    /** Starts the writer thread; MES rows queued before {@link #startConsuming} are written as they come. */
    public void startWriter() {
        writerThread = new Thread(writer, "telemetry-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Binds the durable consumer and starts pulling (pulls wait until the MES context has caught up). */
    public void startConsuming() throws IOException, JetStreamApiException {
        consumer.bind();
        consumerThread = new Thread(consumer, "telemetry-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    /**
     * Stops pulling, stores the samples that are ready, and asks JetStream to redeliver the held ones now. Held
     * samples are not stored early: another instance (or this one after a restart) joins them with full context.
     */
    public void stop() throws InterruptedException {
        consumer.stop();
        join(consumerThread);
        writer.stop();
        join(writerThread);
        writer.drain();
        var unsaved = pipeline.clear();
        unsaved.forEach(delivery -> delivery.acknowledger().nak());
        if (!unsaved.isEmpty()) {
            log.info(
                    "[telemetry] stopped with {} messages not fully stored; JetStream redelivers them", unsaved.size());
        }
    }

    /** Stops every thread without storing or acknowledging anything, as a killed process would. */
    public void halt() throws InterruptedException {
        consumer.stop();
        writer.stop();
        join(consumerThread);
        join(writerThread);
        pipeline.clear();
    }

    public int samplesInMemory() {
        return pipeline.size();
    }

    @Override
    public void write(PreparedInsert insert) throws InterruptedException {
        writer.enqueue(insert);
    }

    @Override
    public void stale(List<StaleRange> ranges) {
        writer.markStale(ranges);
    }

    @Override
    public void caughtUp() {
        writer.requestPendingScan();
    }

    @Override
    public long latestIngestTimestamp() {
        return writer.latestIngestTimestamp();
    }

    private static void join(Thread thread) throws InterruptedException {
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
