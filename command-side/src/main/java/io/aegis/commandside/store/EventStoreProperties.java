package io.aegis.commandside.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Gap detection and batching of the JDBC event store.
 *
 * @param gapTimeout how long a missing global index is awaited before the tracking token gives it up; must exceed
 *     the longest transaction, which {@code transactionLimit} bounds
 * @param maxGapOffset how many global indexes below the highest one seen are tracked as gaps
 * @param gapCleaningThreshold number of tracked gaps at which timed-out gaps are cleaned from the token
 * @param batchSize events read per query
 * @param transactionLimit idle-in-transaction and statement timeout set on every connection of the pool
 */
@ConfigurationProperties("aegis.eventstore")
public record EventStoreProperties(
        Duration gapTimeout, int maxGapOffset, int gapCleaningThreshold, int batchSize, Duration transactionLimit) {}
