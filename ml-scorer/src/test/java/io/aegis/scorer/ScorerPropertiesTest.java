package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerPropertiesTest {

    @Test
    void stationThresholdOverridesGlobalAndModel() {
        ScorerProperties properties = properties(0.95, Map.of("5", 0.9), null);

        assertThat(properties.alertThresholdFor("5", 0.9999)).isEqualTo(0.9);
        assertThat(properties.alertThresholdFor("6", 0.9999)).isEqualTo(0.95);
    }

    @Test
    void modelDefaultAppliesWithoutConfiguration() {
        ScorerProperties properties = properties(null, null, null);

        assertThat(properties.alertThresholdFor("5", 0.9999)).isEqualTo(0.9999);
        assertThat(properties.recordThresholdOr(0.99)).isEqualTo(0.99);
    }

    @Test
    void thresholdOutsideScoreRangeIsRejected() {
        assertThatThrownBy(() -> properties(null, Map.of("5", 1.5), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aegis.scorer.station-alert-thresholds.5")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> properties(null, null, -0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aegis.scorer.record-threshold");
    }

    private static ScorerProperties properties(Double alert, Map<String, Double> stations, Double record) {
        return new ScorerProperties(
                "zscore",
                alert,
                stations,
                record,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                "ml-scorer-telemetry",
                1000,
                "classpath:features/v1.json",
                new ScorerProperties.Onnx(Path.of(".aegis/models"), Duration.ofMinutes(5), 1));
    }
}
