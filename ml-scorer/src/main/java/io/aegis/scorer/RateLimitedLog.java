package io.aegis.scorer;

import java.time.Duration;
import org.slf4j.Logger;

/** Logs at most one warning per interval and reports how many were suppressed in between. Thread-safe. */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private long lastLoggedNanos;
    private boolean loggedOnce;
    private long suppressed;

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code format} with {@code arguments} (a trailing throwable is logged as the exception) unless too soon. */
    void warn(String format, Object... arguments) {
        long suppressedBefore;
        synchronized (this) {
            long now = System.nanoTime();
            if (loggedOnce && now - lastLoggedNanos < intervalNanos) {
                suppressed++;
                return;
            }
            loggedOnce = true;
            lastLoggedNanos = now;
            suppressedBefore = suppressed;
            suppressed = 0;
        }
        if (suppressedBefore > 0) {
            log.warn("[rate-limit] {} similar warnings suppressed since the previous one", suppressedBefore);
        }
        log.warn(format, arguments);
    }
}
