package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ZScoreScorerTest {

    @Test
    void scoreIsShareOfNormalWithinZ() {
        assertThat(ZScoreScorer.scoreOf(0.0)).isCloseTo(0.0, within(1e-6));
        assertThat(ZScoreScorer.scoreOf(1.0)).isCloseTo(0.682689, within(1e-6));
        assertThat(ZScoreScorer.scoreOf(-2.0)).isCloseTo(0.954500, within(1e-6));
        assertThat(ZScoreScorer.scoreOf(3.0)).isCloseTo(0.997300, within(1e-6));
        assertThat(ZScoreScorer.scoreOf(18.8)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void defaultAlertThresholdSitsNearFourSigma() {
        assertThat(ZScoreScorer.scoreOf(3.8)).isLessThan(ZScoreScorer.ALERT_THRESHOLD);
        assertThat(ZScoreScorer.scoreOf(3.9)).isGreaterThan(ZScoreScorer.ALERT_THRESHOLD);
    }
}
