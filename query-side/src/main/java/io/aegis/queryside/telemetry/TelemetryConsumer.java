package io.aegis.queryside.telemetry;

import io.aegis.contract.MalformedMessageException;
import io.aegis.contract.SampleValidator;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.LogLimiter;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.QuerySideProperties;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls telemetry from the durable consumer that every instance shares, so each message goes to one instance.
 * Pulling waits until the MES context has caught up. It pauses while ClickHouse is unavailable and while the pipeline
 * contains its maximum number of samples. Messages not pulled wait in JetStream, which bounds memory.
 */
final class TelemetryConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryConsumer.class);
    private static final long PAUSE_NANOS = 20_000_000;
    private static final int FETCH_EXPIRES_MS = 1_000;

    private final Connection connection;
    private final String stream;
    private final Subjects subjects;
    private final QuerySideProperties properties;
    private final TelemetryPipeline pipeline;
    private final TelemetryWriter writer;
    private final ClockMonitor clockMonitor;
    private final ClickHouseAvailability availability;
    private final QueryMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier mesCaughtUp;
    private final LogLimiter rejections = new LogLimiter(10_000);

    private volatile boolean running = true;
    private volatile int samplesPerMessage = 1;
    private ConsumerContext consumer;

    TelemetryConsumer(
            Connection connection,
            String stream,
            Subjects subjects,
            QuerySideProperties properties,
            TelemetryPipeline pipeline,
            TelemetryWriter writer,
            ClockMonitor clockMonitor,
            ClickHouseAvailability availability,
            QueryMetrics metrics,
            Clock clock,
            BooleanSupplier mesCaughtUp) {
        this.connection = connection;
        this.stream = stream;
        this.subjects = subjects;
        this.properties = properties;
        this.pipeline = pipeline;
        this.writer = writer;
        this.clockMonitor = clockMonitor;
        this.availability = availability;
        this.metrics = metrics;
        this.clock = clock;
        this.mesCaughtUp = mesCaughtUp;
    }

    /** Creates or updates the shared durable consumer and binds to it. */
    void bind() throws IOException, JetStreamApiException {
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(properties.telemetryConsumer())
                .filterSubject(subjects.telemetryAll())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(properties.ackWait())
                .maxAckPending(properties.maxSamplesInMemory())
                .build();
        connection.jetStreamManagement().addOrUpdateConsumer(stream, configuration);
        consumer = connection.getConsumerContext(stream, properties.telemetryConsumer());
        log.info(
                "[telemetry] bound durable consumer {} on {} ({})",
                properties.telemetryConsumer(),
                stream,
                subjects.telemetryAll());
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            if (!mesCaughtUp.getAsBoolean()
                    || availability.isDown()
                    || pipeline.size() >= properties.maxSamplesInMemory()) {
                LockSupport.parkNanos(PAUSE_NANOS);
                continue;
            }
            try {
                fetchOnce();
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                log.warn(
                        "[telemetry] pull from {} failed, retrying in 1 s: {}",
                        properties.telemetryConsumer(),
                        e.toString());
                LockSupport.parkNanos(1_000_000_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fetchOnce() throws IOException, JetStreamApiException, InterruptedException {
        // Sized by the samples per message seen last, so one fetch overshoots the memory bound by little.
        int room = properties.maxSamplesInMemory() - pipeline.size();
        int messages = Math.max(1, Math.min(properties.fetchBatch(), room / Math.max(1, samplesPerMessage)));
        FetchConsumeOptions options = FetchConsumeOptions.builder()
                .maxMessages(messages)
                .expiresIn(FETCH_EXPIRES_MS)
                .build();
        try (FetchConsumer fetch = consumer.fetch(options)) {
            Message message;
            while (running && (message = fetch.nextMessage()) != null) {
                accept(message);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof JetStreamApiException api) {
                throw api;
            }
            throw new IllegalStateException("fetch failed: " + e.getMessage(), e);
        }
    }

    /** Decodes and validates one message and hands its accepted samples to the pipeline. */
    void accept(Message message) {
        long now = clock.millis();
        List<TorqueSample> decoded;
        try {
            decoded = TelemetryCodec.decode(message.getHeaders(), message.getData());
        } catch (MalformedMessageException e) {
            metrics.rejected("telemetry", "body");
            warn(
                    now,
                    "[telemetry] {} seq {} rejected: {}",
                    message.getSubject(),
                    streamSequence(message),
                    e.getMessage());
            message.term();
            return;
        }

        samplesPerMessage = Math.max(1, decoded.size());
        String subjectStation = Subjects.lastToken(message.getSubject());
        List<TelemetryPipeline.Sample> accepted = new ArrayList<>(decoded.size());
        long deadline = now + properties.gracePeriod().toMillis();
        List<TorqueSample> valid = new ArrayList<>(decoded.size());
        for (TorqueSample sample : decoded) {
            TorqueSample withStation = sample.getStationId().isEmpty()
                    ? sample.toBuilder().setStationId(subjectStation).build()
                    : sample;
            Optional<SampleValidator.Violation> violation = SampleValidator.check(withStation);
            if (violation.isPresent()) {
                metrics.rejected("telemetry", violation.get().field());
                warn(
                        now,
                        "[telemetry] {} seq {} sample rejected: {}",
                        message.getSubject(),
                        streamSequence(message),
                        violation.get().message());
                continue;
            }
            valid.add(withStation);
        }
        if (valid.isEmpty()) {
            message.ack();
            return;
        }

        var delivery = new TelemetryPipeline.Delivery(new NatsAcknowledger(message), valid.size());
        for (TorqueSample sample : valid) {
            ClockMonitor.Verdict verdict = clockMonitor.observe(
                    sample.getStationId(), TelemetryCodec.sampleKey(sample), sample.getTimestamp(), now);
            if (verdict.suspect()) {
                metrics.clockSuspect();
            }
            accepted.add(new TelemetryPipeline.Sample(
                    sample, now, verdict.suspect(), verdict.offsetMs(), deadline, delivery));
        }
        if (pipeline.add(accepted, now) >= properties.batchRows()) {
            writer.wake();
        }
    }

    private void warn(long now, String format, Object... arguments) {
        long suppressed = rejections.tryAcquire(now);
        if (suppressed >= 0) {
            log.warn(format + (suppressed > 0 ? " (" + suppressed + " similar rejections not logged)" : ""), arguments);
        }
    }

    private static long streamSequence(Message message) {
        return message.isJetStream() ? message.metaData().streamSequence() : 0;
    }

    /** Acknowledges a NATS message; failures only delay the acknowledgement until JetStream redelivers. */
    private record NatsAcknowledger(Message message) implements TelemetryPipeline.Acknowledger {
        @Override
        public void ack() {
            message.ack();
        }

        @Override
        public void inProgress() {
            message.inProgress();
        }

        @Override
        public void nak() {
            message.nak();
        }
    }
}
