package io.aegis.queryside.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.contract.TelemetryCodec;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.QuerySideProperties;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.ClickHouseUnavailableException;
import io.aegis.queryside.clickhouse.PreparedInsert;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.clickhouse.RowVersions;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.EnrichmentStatus;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.context.StaleRange;
import io.aegis.queryside.records.RecordCorrections;
import io.aegis.queryside.telemetry.TelemetryPipeline.Delivery;
import io.aegis.queryside.telemetry.TelemetryPipeline.Sample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that writes to ClickHouse for the telemetry pipeline: MES read-model rows, telemetry batches,
 * and new row versions for samples whose MES context changed after they were stored.
 *
 * <p>Samples are enriched when their batch is encoded, at every attempt, so a retried batch carries the newest
 * context. Corrections run on this thread after any batch that was in flight when the MES event arrived, so the
 * re-read finds those rows. While ClickHouse is unavailable nothing is dropped: batches, read-model rows and
 * corrections stay queued and the next attempt waits for the backoff.
 */
final class TelemetryWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryWriter.class);
    private static final int CORRECTION_PAGE_ROWS = 10_000;
    private static final int SIDE_QUEUE_CAPACITY = 10_000;

    private final QuerySideProperties properties;
    private final ClickHouseGateway clickHouse;
    private final ClickHouseAvailability availability;
    private final MesContext context;
    private final TelemetryPipeline pipeline;
    private final RowVersions versions;
    private final QueryMetrics metrics;
    private final Clock clock;
    private final RecordCorrections records;
    private final BlockingQueue<PreparedInsert> sideInserts = new ArrayBlockingQueue<>(SIDE_QUEUE_CAPACITY);
    private final StaleRangeQueue stale = new StaleRangeQueue();
    private final Object signal = new Object();
    private long lastTelemetryInsertAt = Long.MIN_VALUE / 2;

    private volatile boolean running = true;
    private volatile boolean pendingScanRequested;
    private long nextPendingScanAt = Long.MAX_VALUE;
    private long nextTouchAt;

    TelemetryWriter(
            QuerySideProperties properties,
            ClickHouseGateway clickHouse,
            ClickHouseAvailability availability,
            MesContext context,
            TelemetryPipeline pipeline,
            RowVersions versions,
            QueryMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.clickHouse = clickHouse;
        this.availability = availability;
        this.context = context;
        this.pipeline = pipeline;
        this.versions = versions;
        this.metrics = metrics;
        this.records = new RecordCorrections(clickHouse, context, metrics);
        this.clock = clock;
    }

    /** Queues read-model rows, blocking while the queue is full (ClickHouse down for long). */
    void enqueue(PreparedInsert insert) throws InterruptedException {
        sideInserts.put(insert);
        wake();
    }

    /** Queues samples of a station to be enriched again. */
    void markStale(List<StaleRange> ranges) {
        ranges.forEach(stale::add);
        if (!ranges.isEmpty()) {
            wake();
        }
    }

    /** Looks up rows stored PENDING_MES now, and again every pending-scan interval. */
    void requestPendingScan() {
        pendingScanRequested = true;
        wake();
    }

    /** Returns the newest ingest time of any stored telemetry row, or {@link Long#MIN_VALUE} when none. */
    long latestIngestTimestamp() {
        String sql =
                "SELECT count() AS rows, max(ingest_timestamp) AS latest FROM " + clickHouse.table(TelemetryRow.TABLE);
        JsonNode row = clickHouse.query(sql).get(0);
        return ClickHouseGateway.longValue(row, "rows") == 0
                ? Long.MIN_VALUE
                : ClickHouseGateway.longValue(row, "latest");
    }

    int queuedSideInserts() {
        return sideInserts.size();
    }

    int staleRanges() {
        return stale.size();
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        long tickMs = Math.max(5, Math.min(50, properties.flushInterval().toMillis() / 4));
        while (running) {
            long now = clock.millis();
            pipeline.promote(now);
            if (availability.mayAttempt(now)) {
                try {
                    writeOnce(now, false);
                } catch (ClickHouseUnavailableException e) {
                    availability.failed(e, clock.millis());
                }
            }
            touchDeliveries(now);
            awaitWork(tickMs);
        }
    }

    /** Writes everything that is due; {@code force} flushes ready telemetry regardless of batch size and age. */
    void writeOnce(long now, boolean force) {
        writeSideInserts();
        flushTelemetry(now, force);
        if (pendingScanRequested || now >= nextPendingScanAt) {
            scanPending();
            pendingScanRequested = false;
            nextPendingScanAt = now + properties.pendingScanInterval().toMillis();
        }
        correctStaleRanges();
    }

    /** Flushes every ready sample, for a clean stop; returns whether everything ready was stored. */
    boolean drain() {
        try {
            while (pipeline.readyCount() > 0 || !sideInserts.isEmpty()) {
                writeSideInserts();
                flushTelemetry(clock.millis(), true);
            }
            return true;
        } catch (ClickHouseUnavailableException e) {
            log.warn("[telemetry] stopping with unsaved rows; JetStream redelivers them: {}", e.getMessage());
            return false;
        }
    }

    private void writeSideInserts() {
        PreparedInsert insert;
        while ((insert = sideInserts.peek()) != null) {
            insert(insert.table(), insert.columns(), insert.rowBinary(), insert.rows(), "new");
            sideInserts.poll();
        }
    }

    /**
     * Inserts the ready telemetry that is due, at most one insert per {@code min-insert-interval}; {@code force}
     * (shutdown) inserts everything ready without waiting.
     */
    private void flushTelemetry(long now, boolean force) {
        while (true) {
            if (!force
                    && clock.millis() - lastTelemetryInsertAt
                            < properties.minInsertInterval().toMillis()) {
                return;
            }
            List<Sample> batch = pipeline.nextBatch(
                    properties.batchRows(),
                    properties.maxBatchRows(),
                    now,
                    properties.flushInterval().toMillis(),
                    force);
            if (batch.isEmpty()) {
                return;
            }
            RowBinaryOutput out = new RowBinaryOutput(batch.size() * 160);
            Map<EnrichmentStatus, Integer> statuses = new EnumMap<>(EnrichmentStatus.class);
            for (Sample sample : batch) {
                TelemetryRow row = toRow(sample);
                row.writeTo(out);
                statuses.merge(row.enrichment().status(), 1, Integer::sum);
            }
            insert(TelemetryRow.TABLE, TelemetryRow.COLUMNS, out.toByteArray(), out.rows(), "new");
            lastTelemetryInsertAt = clock.millis();
            statuses.forEach((status, rows) -> {
                if (status != EnrichmentStatus.JOINED) {
                    metrics.unjoined(status.name(), rows);
                }
            });
            for (Delivery delivery : pipeline.stored(batch, clock.millis())) {
                delivery.acknowledger().ack();
            }
        }
    }

    private TelemetryRow toRow(Sample sample) {
        var raw = sample.raw();
        Enrichment enrichment = context.enrich(raw.getStationId(), raw.getTimestamp());
        return new TelemetryRow(
                raw.getStationId(),
                TelemetryCodec.sampleKey(raw),
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
                versions.next());
    }

    /** Re-reads the rows of every stale range and writes a new version of each row whose enrichment changed. */
    private void correctStaleRanges() {
        List<StaleRange> ranges = stale.takeAll();
        for (int i = 0; i < ranges.size(); i++) {
            try {
                correct(ranges.get(i));
                correctRecords(ranges.get(i));
            } catch (ClickHouseUnavailableException e) {
                markStale(ranges.subList(i, ranges.size()));
                throw e;
            }
        }
    }

    /**
     * Rewrites the range's alerts and tightening results. A failure other than an unavailable ClickHouse is logged
     * and skipped, so that it never stops the telemetry writer.
     */
    private void correctRecords(StaleRange range) {
        try {
            int rewritten = records.correct(range);
            if (rewritten > 0) {
                log.info(
                        "[records] rewrote {} alerts and tightening results of station {} in [{}, {}]",
                        rewritten,
                        range.stationId(),
                        range.from(),
                        range.to());
            }
        } catch (ClickHouseUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error(
                    "[records] correcting alerts and tightening results of station {} in [{}, {}] failed",
                    range.stationId(),
                    range.from(),
                    range.to(),
                    e);
        }
    }

    private void correct(StaleRange range) {
        long from = Math.max(0, range.from());
        long to = range.to();
        long cursorTimestamp = Long.MIN_VALUE;
        long cursorSeq = 0;
        int corrected = 0;
        while (true) {
            String after = cursorTimestamp == Long.MIN_VALUE
                    ? ""
                    : " AND (timestamp > " + cursorTimestamp + " OR (timestamp = " + cursorTimestamp + " AND seq > "
                            + Long.toUnsignedString(cursorSeq) + "))";
            String sql = "SELECT " + String.join(", ", TelemetryRow.COLUMNS) + " FROM "
                    + clickHouse.table(TelemetryRow.TABLE) + " FINAL WHERE station_id = "
                    + ClickHouseGateway.literal(range.stationId()) + " AND timestamp >= " + from
                    + " AND timestamp <= " + to + after + " ORDER BY timestamp, seq LIMIT " + CORRECTION_PAGE_ROWS;
            List<TelemetryRow> rows = clickHouse.queryRowBinary(sql, TelemetryRow::readFrom);
            List<TelemetryRow> changed = new ArrayList<>();
            for (TelemetryRow row : rows) {
                Enrichment now = context.enrich(row.stationId(), row.timestamp());
                if (!now.equals(row.enrichment())) {
                    changed.add(row.withEnrichment(now, versions.next()));
                }
            }
            if (!changed.isEmpty()) {
                RowBinaryOutput out = new RowBinaryOutput(changed.size() * 160);
                changed.forEach(row -> row.writeTo(out));
                insert(TelemetryRow.TABLE, TelemetryRow.COLUMNS, out.toByteArray(), out.rows(), "correction");
                corrected += changed.size();
            }
            if (rows.size() < CORRECTION_PAGE_ROWS) {
                break;
            }
            TelemetryRow last = rows.get(rows.size() - 1);
            cursorTimestamp = last.timestamp();
            cursorSeq = last.seq();
        }
        if (corrected > 0) {
            log.debug(
                    "[telemetry] wrote {} corrected rows for station {} in [{}, {}]",
                    corrected,
                    range.stationId(),
                    from,
                    to);
        }
    }

    /**
     * Finds stations with rows stored PENDING_MES (by any instance, before a restart too) that their watermark now
     * covers, and marks those ranges stale.
     */
    private void scanPending() {
        String sql = "SELECT station_id, min(timestamp) AS first FROM " + clickHouse.table(TelemetryRow.TABLE)
                + " FINAL WHERE status = 'PENDING_MES' GROUP BY station_id";
        List<StaleRange> ranges = new ArrayList<>();
        for (JsonNode row : clickHouse.query(sql)) {
            String station = ClickHouseGateway.stringValue(row, "station_id");
            long first = ClickHouseGateway.longValue(row, "first");
            long watermark = context.watermark(station);
            if (first <= watermark) {
                ranges.add(new StaleRange(station, first, watermark));
            }
        }
        availability.succeeded(clock.millis());
        if (!ranges.isEmpty()) {
            log.info("[telemetry] {} stations have PENDING_MES rows their MES context now covers", ranges.size());
            markStale(ranges);
        }
    }

    private void insert(String table, List<String> columns, byte[] rowBinary, int rows, String kind) {
        try {
            clickHouse.insertRowBinary(table, columns, rowBinary);
        } catch (ClickHouseUnavailableException e) {
            metrics.insertFailed(table);
            throw e;
        }
        availability.succeeded(clock.millis());
        metrics.insertSucceeded(table);
        metrics.rowsWritten(table, kind, rows);
    }

    /** Restarts the ack wait of messages held in memory, so JetStream does not redeliver them meanwhile. */
    private void touchDeliveries(long now) {
        if (now < nextTouchAt) {
            return;
        }
        nextTouchAt = now + Math.max(1_000, properties.ackWait().toMillis() / 3);
        for (Delivery delivery : pipeline.deliveries()) {
            delivery.acknowledger().inProgress();
        }
    }

    private void awaitWork(long tickMs) {
        long backoff = availability.millisUntilAttempt(clock.millis());
        long waitMs = backoff > 0 ? Math.min(backoff, 1_000) : tickMs;
        synchronized (signal) {
            try {
                signal.wait(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
