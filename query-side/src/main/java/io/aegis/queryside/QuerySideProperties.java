package io.aegis.queryside;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the correlation pipeline ({@code aegis.query.*}).
 *
 * @param telemetryConsumer durable pull consumer shared by every instance for telemetry
 * @param alertsConsumer durable pull consumer for alerts
 * @param scoresConsumer durable pull consumer for anomaly scores
 * @param tighteningConsumer durable pull consumer for tightening results
 * @param batchRows an insert is due once this many rows are ready; see docs/correlation.md for the measurement
 *     behind the default
 * @param flushInterval an insert is due once the oldest ready row has waited this long
 * @param minInsertInterval a due insert waits until this long after the previous insert into the same table by this
 *     instance, so inserts stay at about one per second and table however fast rows arrive
 * @param maxBatchRows rows per insert at most; a backlog drains at this many rows per {@code minInsertInterval}
 * @param gracePeriod how long a sample newer than its station's MES context waits for that context
 * @param maxSamplesInMemory telemetry pulling pauses while this many samples are held or waiting for an insert
 * @param fetchBatch maximum messages per JetStream pull request
 * @param ackWait JetStream ack wait of the durable consumers; held messages are marked in progress before it expires
 * @param contextRetention MES context kept behind the newest MES event; older samples are stored UNJOINED_TOO_OLD
 * @param clockOffsetThreshold a station whose estimated clock offset exceeds this gets clock_suspect rows
 * @param pendingScanInterval how often rows stored PENDING_MES are looked up in ClickHouse again
 * @param maxRetryBackoff upper bound of the retry delay while ClickHouse is unavailable
 */
@ConfigurationProperties("aegis.query")
public record QuerySideProperties(
        @DefaultValue("query-side-telemetry") String telemetryConsumer,
        @DefaultValue("query-side-alerts") String alertsConsumer,
        @DefaultValue("query-side-scores") String scoresConsumer,
        @DefaultValue("query-side-tightening") String tighteningConsumer,
        @DefaultValue("10000") int batchRows,
        @DefaultValue("500ms") Duration flushInterval,
        @DefaultValue("1s") Duration minInsertInterval,
        @DefaultValue("100000") int maxBatchRows,
        @DefaultValue("2s") Duration gracePeriod,
        @DefaultValue("200000") int maxSamplesInMemory,
        @DefaultValue("256") int fetchBatch,
        @DefaultValue("30s") Duration ackWait,
        @DefaultValue("24h") Duration contextRetention,
        @DefaultValue("5s") Duration clockOffsetThreshold,
        @DefaultValue("5m") Duration pendingScanInterval,
        @DefaultValue("10s") Duration maxRetryBackoff) {

    public QuerySideProperties {
        if (batchRows < 1) {
            throw new IllegalArgumentException("aegis.query.batch-rows '" + batchRows + "' is invalid: must be >= 1");
        }
        if (maxBatchRows < batchRows) {
            throw new IllegalArgumentException("aegis.query.max-batch-rows '" + maxBatchRows
                    + "' is invalid: must be >= aegis.query.batch-rows (" + batchRows + ")");
        }
        if (minInsertInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "aegis.query.min-insert-interval '" + minInsertInterval + "' is invalid: must not be negative");
        }
        if (maxSamplesInMemory < batchRows) {
            throw new IllegalArgumentException("aegis.query.max-samples-in-memory '" + maxSamplesInMemory
                    + "' is invalid: must be >= aegis.query.batch-rows (" + batchRows + ")");
        }
        if (fetchBatch < 1) {
            throw new IllegalArgumentException("aegis.query.fetch-batch '" + fetchBatch + "' is invalid: must be >= 1");
        }
    }
}
