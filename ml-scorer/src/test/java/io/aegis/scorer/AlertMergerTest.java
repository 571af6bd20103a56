package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertMergerTest {

    private final List<DefectAlert> alerts = new ArrayList<>();
    private final List<String> messageIds = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final AlertMerger merger =
            new AlertMerger(Duration.ofSeconds(2), Duration.ofSeconds(30), clock, (alert, messageId) -> {
                alerts.add(alert);
                messageIds.add(messageId);
            });

    @Test
    void hundredAlertingSamplesRaiseOneAlert() throws IOException {
        for (int i = 0; i < 100; i++) {
            merger.offer(candidate(i + 1, 10_000 + i, 60.0 + (i == 40 ? 5 : 0), i == 40 ? 0.99999 : 0.9999));
        }

        assertThat(alerts).hasSize(1);
        assertThat(messageIds).containsExactly("alert-5-1");
        assertThat(alerts.get(0).getTriggerSeq()).isEqualTo(1);

        merger.observe(sample(200, 10_099 + 2_001, 43.0));

        assertThat(alerts).hasSize(2);
        DefectAlert closing = alerts.get(1);
        assertThat(messageIds.get(1)).isEqualTo("alert-5-1/closed");
        assertThat(closing.getAlertId()).isEqualTo("alert-5-1");
        assertThat(closing.getTimestamp()).isEqualTo(10_000);
        assertThat(closing.getMergedSamples()).isEqualTo(100);
        assertThat(closing.getFirstTimestamp()).isEqualTo(10_000);
        assertThat(closing.getLastTimestamp()).isEqualTo(10_099);
        assertThat(closing.getFeaturesMap()).containsEntry(AlertMerger.PEAK_TORQUE, 65.0);
        assertThat(closing.getFeaturesMap()).containsEntry(AlertMerger.PEAK_SCORE, 0.99999);
        assertThat(merger.openAlerts()).isZero();
    }

    @Test
    void samplesBeyondWindowOpenNewAlert() throws IOException {
        merger.offer(candidate(1, 10_000, 60.0, 0.99995));
        merger.offer(candidate(2, 12_001, 61.0, 0.99995));

        assertThat(messageIds).containsExactly("alert-5-1", "alert-5-2");
    }

    @Test
    void idleAlertClosesAfterWindow() throws IOException {
        merger.offer(candidate(1, 10_000, 60.0, 0.99995));
        merger.offer(candidate(2, 10_001, 61.0, 0.99995));
        now.addAndGet(1_999);
        merger.closeIdle();
        assertThat(merger.openAlerts()).isEqualTo(1);

        now.addAndGet(1);
        merger.closeIdle();

        assertThat(merger.openAlerts()).isZero();
        assertThat(messageIds).containsExactly("alert-5-1", "alert-5-1/closed");
    }

    @Test
    void singleSampleAlertPublishesOnce() throws IOException {
        merger.offer(candidate(7, 10_000, 61.8, 0.99995));
        merger.closeAll();

        assertThat(messageIds).containsExactly("alert-5-7");
    }

    @Test
    void alertSpanIsCapped() throws IOException {
        for (int i = 0; i <= 31; i++) {
            merger.offer(candidate(i + 1, 10_000 + i * 1_000L, 60.0, 0.99995));
        }

        assertThat(messageIds).containsExactly("alert-5-1", "alert-5-1/closed", "alert-5-31");
    }

    private AlertMerger.Candidate candidate(long seq, long timestamp, double torque, double score) throws IOException {
        FeatureSpec spec = FeatureExtractorTest.spec();
        double[] values = new double[spec.size()];
        values[0] = torque;
        return new AlertMerger.Candidate(
                sample(seq, timestamp, torque),
                score,
                new FeatureVector(spec, values),
                "zscore-baseline",
                "1",
                StationOccupancy.Context.UNKNOWN);
    }

    private static TorqueSample sample(long seq, long timestamp, double torque) {
        return NatsTestStream.sample("5", seq, timestamp, torque);
    }
}
