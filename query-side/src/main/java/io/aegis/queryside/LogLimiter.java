package io.aegis.queryside;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one message through per interval and counts the ones it held back, for warnings that can repeat per message.
 */
public final class LogLimiter {

    private final long intervalMs;
    private final AtomicLong nextAllowedAt = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public LogLimiter(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /**
     * Returns -1 when this occurrence must not be logged; otherwise the number of occurrences held back since the
     * last one that was logged.
     */
    public long tryAcquire(long now) {
        long allowed = nextAllowedAt.get();
        if (now >= allowed && nextAllowedAt.compareAndSet(allowed, now + intervalMs)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
