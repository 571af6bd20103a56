package io.aegis.queryside.clickhouse;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues ReplacingMergeTree versions: microseconds since the epoch, strictly increasing within this process. A row
 * written later by the same instance always wins over an earlier one. Across instances the wall clocks decide, which
 * is enough because each instance corrects the rows it wrote itself.
 */
public final class RowVersions {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public RowVersions(Clock clock) {
        this.clock = clock;
    }

    public long next() {
        long candidate = clock.millis() * 1_000;
        return last.updateAndGet(previous -> Math.max(previous + 1, candidate));
    }
}
