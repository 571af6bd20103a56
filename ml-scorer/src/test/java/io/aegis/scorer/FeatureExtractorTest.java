package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aegis.proto.v1.TorqueSample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    static FeatureSpec spec() throws IOException {
        try (InputStream json = FeatureExtractorTest.class.getResourceAsStream("/features/v1.json")) {
            return FeatureSpec.read(json);
        }
    }

    @Test
    void stationWarmsUpBeforeScoring() throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(spec());

        assertThat(extractor.next(sample("1", 1, 1000, 43.0, ""))).isEmpty();
        assertThat(extractor.next(sample("1", 2, 1010, 43.0, ""))).isEmpty();
        assertThat(extractor.next(sample("1", 3, 1020, 43.0, ""))).isEmpty();
        assertThat(extractor.next(sample("1", 4, 1030, 43.0, ""))).isPresent();
        assertThat(extractor.next(sample("2", 1, 1030, 43.0, ""))).isEmpty();
    }

    @Test
    void zScoreUsesPreviousSamplesAndMinimumStd() throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(spec());
        double[] normal = {43.1, 42.9, 43.0, 43.2, 42.8};
        for (int i = 0; i < normal.length; i++) {
            extractor.next(sample("5", i + 1, 1000 + i * 10L, normal[i], ""));
        }

        FeatureVector spike = extractor.next(sample("5", 6, 1060, 61.8, "")).orElseThrow();

        assertThat(spike.get(FeatureSpec.TORQUE)).isEqualTo(61.8);
        assertThat(spike.get(FeatureSpec.ROLLING_MEAN)).isCloseTo(43.0, within(1e-9));
        assertThat(spike.get(FeatureSpec.ROLLING_STD)).isCloseTo(Math.sqrt(0.02), within(1e-9));
        // The raw std (0.141 Nm) is below min_std_nm (1.0), so the z-score divides by 1.0.
        assertThat(spike.get(FeatureSpec.Z_SCORE)).isCloseTo(18.8, within(1e-9));
        assertThat(spike.get(FeatureSpec.RATE_OF_CHANGE)).isCloseTo((61.8 - 42.8) / 0.02, within(1e-6));
    }

    @Test
    void tighteningFeaturesFollowTighteningId() throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(spec());
        for (int i = 0; i < 3; i++) {
            extractor.next(sample("5", i + 1, 1000 + i, 1.0, ""));
        }
        extractor.next(angled(sample("5", 4, 2000, 10.0, "t1"), 90.0));
        extractor.next(angled(sample("5", 5, 2005, 30.0, "t1"), 180.0));
        FeatureVector last = extractor.next(sample("5", 6, 2012, 20.0, "t1")).orElseThrow();

        assertThat(last.get(FeatureSpec.TIGHTENING_PEAK)).isEqualTo(30.0);
        assertThat(last.get(FeatureSpec.TIGHTENING_FINAL_ANGLE)).isEqualTo(180.0);
        assertThat(last.get(FeatureSpec.TIGHTENING_DURATION)).isEqualTo(12.0);

        FeatureVector next = extractor.next(sample("5", 7, 3000, 5.0, "t2")).orElseThrow();
        assertThat(next.get(FeatureSpec.TIGHTENING_PEAK)).isEqualTo(5.0);
        assertThat(next.get(FeatureSpec.TIGHTENING_FINAL_ANGLE)).isZero();
        assertThat(next.get(FeatureSpec.TIGHTENING_DURATION)).isZero();
    }

    @Test
    void rateIsZeroWhenTimeDoesNotAdvance() throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(spec());
        for (int i = 0; i < 3; i++) {
            extractor.next(sample("5", i + 1, 1000, 40.0, ""));
        }
        Optional<FeatureVector> vector = extractor.next(sample("5", 4, 1000, 50.0, ""));

        assertThat(vector.orElseThrow().get(FeatureSpec.RATE_OF_CHANGE)).isZero();
    }

    @Test
    void specWithOtherFeaturesIsRejected() {
        String json = "{\"version\":\"v9\",\"window_size\":10,\"min_samples\":3,\"min_std_nm\":1.0,"
                + "\"features\":[{\"name\":\"torque_nm\"}]}";

        assertThatThrownBy(() -> FeatureSpec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("v9")
                .hasMessageContaining("torque_nm");
    }

    static TorqueSample sample(String station, long seq, long timestamp, double torque, String tighteningId) {
        return NatsTestStream.sample(station, seq, timestamp, torque).toBuilder()
                .setTighteningId(tighteningId)
                .build();
    }

    private static TorqueSample angled(TorqueSample sample, double angle) {
        return sample.toBuilder().setAngleDeg(angle).setHasAngle(true).build();
    }
}
