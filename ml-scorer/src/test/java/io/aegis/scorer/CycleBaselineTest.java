package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CycleBaselineTest {

    private static final double THRESHOLD = ZScoreScorer.ALERT_THRESHOLD;
    private static final double[] NORMAL_PEAKS = {40.2, 39.8, 40.0, 40.4, 39.6, 40.1, 39.9, 40.3, 39.7, 40.0};

    private CycleBaseline baseline;
    private long seq;
    private int cycles;

    @BeforeEach
    void setUp() throws IOException {
        baseline = new CycleBaseline(FeatureExtractorTest.spec(), CycleBaseline.Settings.DEFAULTS, THRESHOLD);
        seq = 0;
        cycles = 0;
    }

    @Test
    void normalCyclesAndIdleSamplesDoNotAlert() {
        List<CycleBaseline.Verdict> alerts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            alerts.addAll(alerting(cycle(NORMAL_PEAKS[i % NORMAL_PEAKS.length])));
        }

        assertThat(alerts).isEmpty();
        assertThat(baseline.completedCycles("7")).isEqualTo(40);
    }

    @Test
    void overTorqueAlertsBeforeCycleEnds() {
        warmUp();

        List<TorqueSample> samples = samples(48.0);
        List<CycleBaseline.Verdict> alerts = new ArrayList<>();
        int firstAlertIndex = -1;
        for (int i = 0; i < samples.size(); i++) {
            List<CycleBaseline.Verdict> found = alerting(List.of(samples.get(i)));
            if (!found.isEmpty() && firstAlertIndex < 0) {
                firstAlertIndex = i;
            }
            alerts.addAll(found);
        }

        assertThat(firstAlertIndex).isBetween(0, 19);
        assertThat(alerts).allMatch(v -> v.rule().equals(CycleBaseline.OVER_TORQUE));
        assertThat(alerts.get(0).features()).containsEntry(CycleBaseline.ruleFeature(CycleBaseline.OVER_TORQUE), 1.0);
    }

    @Test
    void underTorqueAlertsAtCompletionOnPeakSample() {
        warmUp();

        List<CycleBaseline.Verdict> duringCycle = alerting(samples(31.0));
        List<CycleBaseline.Verdict> atCompletion = alerting(List.of(idle()));

        assertThat(duringCycle).isEmpty();
        assertThat(atCompletion).hasSize(1);
        assertThat(atCompletion.get(0).rule()).isEqualTo(CycleBaseline.UNDER_TORQUE);
        assertThat(atCompletion.get(0).sample().getTorque()).isEqualTo(31.0);
        assertThat(atCompletion.get(0).sample().getTighteningId()).isEqualTo("t-" + cycles);
        assertThat(atCompletion.get(0).features().get("expected_peak_torque_nm"))
                .isBetween(39.6, 40.4);
    }

    @Test
    void newStationIsNotJudgedBeforeMinCycles() {
        List<CycleBaseline.Verdict> alerts = new ArrayList<>();
        alerts.addAll(alerting(cycle(40.0)));
        alerts.addAll(alerting(cycle(40.0)));
        CycleBaseline.Outcome outcome = baseline.next(samples(60.0).get(0));

        assertThat(alerts).isEmpty();
        assertThat(outcome.warmingUp()).isTrue();
    }

    @Test
    void priorWidensToleranceWhileStationIsNew() {
        alerting(cycle(40.0));
        alerting(cycle(40.2));
        alerting(cycle(39.8));

        List<CycleBaseline.Verdict> withinPrior = alerting(cycle(45.0));
        List<CycleBaseline.Verdict> beyondPrior = alerting(cycle(48.0));

        // The prior spread is 4 % of 40 Nm, so |z| 3.89 is about 6.2 Nm away from the expected peak.
        assertThat(withinPrior).isEmpty();
        assertThat(beyondPrior).isNotEmpty();
    }

    @Test
    void cycleWithSequenceGapIsNotJudged() {
        warmUp();
        List<TorqueSample> samples = samples(31.0);
        samples.remove(10);

        List<CycleBaseline.Outcome> outcomes = new ArrayList<>();
        for (TorqueSample sample : samples) {
            outcomes.add(baseline.next(sample));
        }
        CycleBaseline.Outcome completion = baseline.next(idle());

        assertThat(completion.incompleteCycle()).isTrue();
        assertThat(completion.verdicts()).noneMatch(v -> v.score() >= THRESHOLD);
        assertThat(baseline.completedCycles("7")).isEqualTo(20);
    }

    @Test
    void driftRaisesOneAlert() {
        warmUp();
        List<CycleBaseline.Verdict> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alerts.addAll(alerting(cycle(NORMAL_PEAKS[i % NORMAL_PEAKS.length] + 2.0)));
        }

        // A 2 Nm (5 %) shift stays below the per-cycle threshold of 3.89 x 0.8 Nm but moves the recent median.
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).rule()).isEqualTo(CycleBaseline.DRIFT);
    }

    @Test
    void untaggedSampleKeepsRollingZScore() {
        List<CycleBaseline.Verdict> alerts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alerts.addAll(alerting(List.of(untagged(43.0 + 0.1 * (i % 3)))));
        }
        List<CycleBaseline.Verdict> spike = alerting(List.of(untagged(61.8)));

        assertThat(alerts).isEmpty();
        assertThat(spike).hasSize(1);
        assertThat(spike.get(0).rule()).isEqualTo(CycleBaseline.SPIKE);
        assertThat(spike.get(0).features().get(FeatureSpec.Z_SCORE)).isGreaterThan(10.0);
    }

    private void warmUp() {
        for (int i = 0; i < 20; i++) {
            assertThat(alerting(cycle(NORMAL_PEAKS[i % NORMAL_PEAKS.length]))).isEmpty();
        }
    }

    private List<CycleBaseline.Verdict> alerting(List<TorqueSample> samples) {
        List<CycleBaseline.Verdict> alerts = new ArrayList<>();
        for (TorqueSample sample : samples) {
            for (CycleBaseline.Verdict verdict : baseline.next(sample).verdicts()) {
                if (verdict.score() >= THRESHOLD) {
                    alerts.add(verdict);
                }
            }
        }
        return alerts;
    }

    /** One cycle (ramp, hold) followed by five idle samples without tightening id. */
    private List<TorqueSample> cycle(double peak) {
        List<TorqueSample> samples = samples(peak);
        for (int i = 0; i < 5; i++) {
            samples.add(idle());
        }
        return samples;
    }

    /** Ramp from 0 to {@code peak} in 20 samples, then 5 samples of hold just below it. */
    private List<TorqueSample> samples(double peak) {
        cycles++;
        List<TorqueSample> samples = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            samples.add(sample(peak * i / 20.0, "t-" + cycles));
        }
        for (int i = 0; i < 5; i++) {
            samples.add(sample(peak * 0.99, "t-" + cycles));
        }
        return samples;
    }

    private TorqueSample idle() {
        return sample(0.01, "");
    }

    private TorqueSample untagged(double torque) {
        return sample(torque, "");
    }

    private TorqueSample sample(double torque, String tighteningId) {
        seq++;
        return TorqueSample.newBuilder()
                .setStationId("7")
                .setSeq(seq)
                .setTimestamp(1_700_000_000_000L + seq * 5)
                .setTorque(torque)
                .setTighteningId(tighteningId)
                .build();
    }
}
