package io.aegis.queryside.records;

import io.aegis.queryside.LogLimiter;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.QuerySideProperties;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.ClickHouseUnavailableException;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one kind of message (alerts, scores or tightening results) from a durable consumer shared by all instances
 * into its ClickHouse table, in batches. Messages are acknowledged after the insert holding them succeeded; a failed
 * insert is retried with the same rows and no new messages are pulled meanwhile.
 */
final class RecordConsumer implements Runnable {

    /** Decodes one message into one row, or throws {@link IllegalArgumentException} naming what is invalid. */
    @FunctionalInterface
    interface RowEncoder {
        void encode(Message message, RowBinaryOutput out);
    }

    private static final Logger log = LoggerFactory.getLogger(RecordConsumer.class);
    private static final int FETCH_EXPIRES_MS = 1_000;
    /** Inserts of one batch again after its MES context changed; more is very unlikely to be needed. */
    private static final int MAX_REENCODES = 3;

    private final String kind;
    private final String table;
    private final List<String> columns;
    private final String durable;
    private final String filterSubject;
    private final RowEncoder encoder;
    private final Connection connection;
    private final String stream;
    private final QuerySideProperties properties;
    private final ClickHouseGateway clickHouse;
    private final ClickHouseAvailability availability;
    private final QueryMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier ready;
    private final LongSupplier contextChanges;
    private final LogLimiter rejections = new LogLimiter(10_000);

    private volatile boolean running = true;
    private ConsumerContext consumer;
    private RowBinaryOutput rows;
    private final List<Message> messages = new ArrayList<>();
    private long firstRowAt;
    private long contextChangesAtFirstRow;
    private long lastInsertAt = Long.MIN_VALUE / 2;

    RecordConsumer(
            String kind,
            String table,
            List<String> columns,
            String durable,
            String filterSubject,
            RowEncoder encoder,
            Connection connection,
            String stream,
            QuerySideProperties properties,
            ClickHouseGateway clickHouse,
            ClickHouseAvailability availability,
            QueryMetrics metrics,
            Clock clock,
            BooleanSupplier ready,
            LongSupplier contextChanges) {
        this.kind = kind;
        this.table = table;
        this.columns = columns;
        this.durable = durable;
        this.filterSubject = filterSubject;
        this.encoder = encoder;
        this.connection = connection;
        this.stream = stream;
        this.properties = properties;
        this.clickHouse = clickHouse;
        this.availability = availability;
        this.metrics = metrics;
        this.clock = clock;
        this.ready = ready;
        this.contextChanges = contextChanges;
    }

    void bind() throws Exception {
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(filterSubject)
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(properties.ackWait())
                .maxAckPending(Math.max(1_000, properties.maxBatchRows() * 2))
                .build();
        connection.jetStreamManagement().addOrUpdateConsumer(stream, configuration);
        consumer = connection.getConsumerContext(stream, durable);
        log.info("[{}] bound durable consumer {} on {} ({})", kind, durable, stream, filterSubject);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        rows = new RowBinaryOutput(4_096);
        while (running) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("[{}] pull from {} failed, retrying in 1 s: {}", kind, durable, e.toString());
                LockSupport.parkNanos(1_000_000_000L);
            }
        }
    }

    private void step() throws Exception {
        boolean fetched = false;
        if (ready.getAsBoolean() && !availability.isDown() && messages.size() < properties.maxBatchRows()) {
            int room = properties.maxBatchRows() - messages.size();
            FetchConsumeOptions options = FetchConsumeOptions.builder()
                    .maxMessages(Math.min(properties.fetchBatch(), room))
                    .expiresIn(FETCH_EXPIRES_MS)
                    .build();
            try (FetchConsumer fetch = consumer.fetch(options)) {
                Message message;
                while ((message = fetch.nextMessage()) != null) {
                    fetched = true;
                    accept(message);
                }
            }
        }
        long now = clock.millis();
        boolean due = !messages.isEmpty()
                && (messages.size() >= properties.batchRows()
                        || !fetched
                        || now - firstRowAt >= properties.flushInterval().toMillis());
        boolean spaced = now - lastInsertAt >= properties.minInsertInterval().toMillis();
        if (due && spaced && availability.mayAttempt(now)) {
            flush();
        } else if (messages.isEmpty() || availability.isDown() || messages.size() >= properties.maxBatchRows()) {
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private void accept(Message message) {
        try {
            encoder.encode(message, rows);
        } catch (IllegalArgumentException e) {
            metrics.rejected(kind, "body");
            long suppressed = rejections.tryAcquire(clock.millis());
            if (suppressed >= 0) {
                log.warn(
                        "[{}] {} seq {} rejected ({} similar not logged): {}",
                        kind,
                        message.getSubject(),
                        message.metaData().streamSequence(),
                        suppressed,
                        e.getMessage());
            }
            message.term();
            return;
        }
        if (messages.isEmpty()) {
            firstRowAt = clock.millis();
            contextChangesAtFirstRow = contextChanges.getAsLong();
        }
        messages.add(message);
    }

    /**
     * Inserts the batch. Rows carry the MES context of when they were encoded, and the telemetry writer corrects only
     * rows already stored. A batch whose context changed before its insert completed is therefore encoded and
     * inserted again, and the newer copy of each row replaces the older one.
     */
    private void flush() {
        try {
            insert(rows);
            for (int attempt = 1; attempt <= MAX_REENCODES; attempt++) {
                long changes = contextChanges.getAsLong();
                if (changes == contextChangesAtFirstRow) {
                    break;
                }
                contextChangesAtFirstRow = changes;
                RowBinaryOutput again = new RowBinaryOutput(4_096);
                messages.forEach(message -> encoder.encode(message, again));
                insert(again);
            }
        } catch (ClickHouseUnavailableException e) {
            metrics.insertFailed(table);
            availability.failed(e, clock.millis());
            return;
        }
        lastInsertAt = clock.millis();
        messages.forEach(Message::ack);
        messages.clear();
        rows = new RowBinaryOutput(4_096);
    }

    private void insert(RowBinaryOutput batch) {
        clickHouse.insertRowBinary(table, columns, batch.toByteArray());
        availability.succeeded(clock.millis());
        metrics.insertSucceeded(table);
        metrics.rowsWritten(table, "new", batch.rows());
    }
}
