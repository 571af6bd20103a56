package io.aegis.queryside.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClockMonitorTest {

    private static final long NOW = 1_714_234_567_890L;
    private final ClockMonitor monitor = new ClockMonitor(Duration.ofSeconds(5), Duration.ofMinutes(1));

    @Test
    void lateDeliveryDoesNotMoveEstimate() {
        monitor.observe("5", 120_000, NOW - 20, NOW);
        ClockMonitor.Verdict late = monitor.observe("5", 1, NOW - 600_000, NOW + 10);

        assertThat(late.offsetMs()).isEqualTo(20);
        assertThat(late.suspect()).isFalse();
    }

    @Test
    void sourceClockAheadIsSuspect() {
        ClockMonitor.Verdict verdict = monitor.observe("5", 1, NOW + 30_000, NOW);

        assertThat(verdict.offsetMs()).isEqualTo(-30_000);
        assertThat(verdict.suspect()).isTrue();
    }

    @Test
    void sequenceGoingBackwardsIsSuspect() {
        assertThat(monitor.observe("5", 10, NOW - 100, NOW).suspect()).isFalse();
        assertThat(monitor.observe("5", 11, NOW - 90, NOW).suspect()).isFalse();

        assertThat(monitor.observe("5", 12, NOW - 200, NOW).suspect()).isTrue();
    }

    @Test
    void shuffledDeliveryNotSuspect() {
        assertThat(monitor.observe("5", 3, NOW - 70, NOW).suspect()).isFalse();
        assertThat(monitor.observe("5", 1, NOW - 90, NOW).suspect()).isFalse();
        assertThat(monitor.observe("5", 2, NOW - 80, NOW).suspect()).isFalse();
    }

    @Test
    void sequenceRestartFlagsFirstSampleOnly() {
        monitor.observe("5", 500, NOW - 100, NOW);

        assertThat(monitor.observe("5", 1, NOW - 50, NOW).suspect()).isTrue();
        assertThat(monitor.observe("5", 2, NOW - 40, NOW).suspect()).isFalse();
    }

    @Test
    void redeliveryIsNotSuspect() {
        monitor.observe("5", 7, NOW - 100, NOW);

        assertThat(monitor.observe("5", 7, NOW - 100, NOW + 5).suspect()).isFalse();
    }
}
