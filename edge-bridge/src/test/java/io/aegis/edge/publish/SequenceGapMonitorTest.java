package io.aegis.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SequenceGapMonitorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Object> events = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SequenceGapMonitor monitor =
            new SequenceGapMonitor(registry, events::add, Duration.ofSeconds(60), now::get);

    private double gapCount() {
        var counter = registry.find("aegis.edge.sequence.gaps").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void consecutiveNumbersOpenNoGap() {
        for (long seq = 1; seq <= 100; seq++) {
            monitor.observe("samples", "1", seq);
        }
        now.addAndGet(120_000);

        monitor.reportExpiredGaps();

        assertThat(events).isEmpty();
        assertThat(gapCount()).isZero();
    }

    @Test
    void lateNumbersFillGap() {
        monitor.observe("samples", "1", 1);
        monitor.observe("samples", "1", 5);
        monitor.observe("samples", "1", 3);
        monitor.observe("samples", "1", 2);
        monitor.observe("samples", "1", 4);
        now.addAndGet(120_000);

        monitor.reportExpiredGaps();

        assertThat(events).isEmpty();
    }

    @Test
    void unfilledGapIsReportedAfterTimeout() {
        monitor.observe("tightening-ids", "5", 10);
        monitor.observe("tightening-ids", "5", 15);
        monitor.observe("tightening-ids", "5", 12);
        now.addAndGet(30_000);
        monitor.reportExpiredGaps();
        assertThat(events).isEmpty();

        now.addAndGet(31_000);
        monitor.reportExpiredGaps();

        assertThat(events)
                .containsExactly(
                        new SequenceGapMonitor.SequenceGapDetected("tightening-ids", "5", 11, 11, 1_000_000),
                        new SequenceGapMonitor.SequenceGapDetected("tightening-ids", "5", 13, 14, 1_000_000));
        assertThat(gapCount()).isEqualTo(3);
    }

    @Test
    void stationsAreTrackedSeparately() {
        monitor.observe("samples", "1", 1);
        monitor.observe("samples", "2", 7);
        monitor.observe("samples", "1", 2);
        monitor.observe("samples", "2", 8);
        now.addAndGet(120_000);

        monitor.reportExpiredGaps();

        assertThat(events).isEmpty();
    }
}
