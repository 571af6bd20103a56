package io.aegis.queryside.clickhouse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared view of whether ClickHouse accepts writes. The first failure opens an outage, which is logged once with its
 * cause. Consumers stop pulling while it lasts and writers retry with exponential backoff. The first success closes
 * it with one log line giving its duration.
 */
public final class ClickHouseAvailability {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseAvailability.class);
    private static final long FIRST_BACKOFF_MS = 100;

    private final long maxBackoffMs;
    private final AtomicLong outages = new AtomicLong();
    private boolean down;
    private long downSince;
    private long backoffMs;
    private long nextAttemptAt;
    private long failedAttempts;

    public ClickHouseAvailability(Duration maxBackoff) {
        this.maxBackoffMs = Math.max(FIRST_BACKOFF_MS, maxBackoff.toMillis());
    }

    public synchronized boolean isDown() {
        return down;
    }

    /** Returns whether a writer may send a request now: always while up, after the backoff while down. */
    public synchronized boolean mayAttempt(long now) {
        return !down || now >= nextAttemptAt;
    }

    /** Returns how long to wait before the next attempt, 0 while up. */
    public synchronized long millisUntilAttempt(long now) {
        return down ? Math.max(0, nextAttemptAt - now) : 0;
    }

    public synchronized void failed(ClickHouseUnavailableException e, long now) {
        failedAttempts++;
        if (!down) {
            down = true;
            downSince = now;
            backoffMs = FIRST_BACKOFF_MS;
            failedAttempts = 1;
            outages.incrementAndGet();
            log.warn(
                    "[clickhouse] unavailable, pausing consumption and retrying with backoff up to {} ms: {}",
                    maxBackoffMs,
                    e.getMessage());
        } else {
            backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
            log.debug("[clickhouse] still unavailable after {} attempts: {}", failedAttempts, e.getMessage());
        }
        nextAttemptAt = now + backoffMs;
    }

    public synchronized void succeeded(long now) {
        if (down) {
            down = false;
            log.info(
                    "[clickhouse] available again after {} ms and {} failed attempts; resuming",
                    now - downSince,
                    failedAttempts);
        }
    }

    /** Number of outages since start. */
    public long outages() {
        return outages.get();
    }
}
