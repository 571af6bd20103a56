package io.aegis.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.proto.v1.TorqueSample;
import org.junit.jupiter.api.Test;

class SampleValidatorTest {

    private static final TorqueSample VALID = TorqueSample.newBuilder()
            .setStationId("5")
            .setTorque(43.21)
            .setTimestamp(1714234567890L)
            .build();

    @Test
    void briefSampleIsAccepted() {
        assertThat(SampleValidator.check(VALID)).isEmpty();
    }

    @Test
    void stationIdThatCannotBeASubjectTokenIsRejected() {
        var violation =
                SampleValidator.check(VALID.toBuilder().setStationId("5.>").build());

        assertThat(violation).hasValueSatisfying(v -> {
            assertThat(v.field()).isEqualTo("station_id");
            assertThat(v.value()).isEqualTo("5.>");
        });
    }

    @Test
    void nonFiniteTorqueIsRejected() {
        assertThat(SampleValidator.check(VALID.toBuilder().setTorque(Double.NaN).build()))
                .hasValueSatisfying(v -> assertThat(v.message())
                        .isEqualTo("torque 'NaN' is invalid: " + "must be a finite number of newton-metres"));
        assertThat(SampleValidator.check(
                        VALID.toBuilder().setTorque(Double.POSITIVE_INFINITY).build()))
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("torque"));
    }

    @Test
    void implausibleTorqueIsRejected() {
        assertThat(SampleValidator.check(VALID.toBuilder().setTorque(43_210).build()))
                .hasValueSatisfying(v -> assertThat(v.rule()).contains("10000.0 Nm"));
    }

    @Test
    void timestampInSecondsIsRejected() {
        assertThat(SampleValidator.check(
                        VALID.toBuilder().setTimestamp(1714234567L).build()))
                .hasValueSatisfying(v -> {
                    assertThat(v.field()).isEqualTo("timestamp");
                    assertThat(v.rule()).contains("seconds are not accepted");
                });
    }

    @Test
    void nonFiniteAngleIsRejectedOnlyWhenPresent() {
        assertThat(SampleValidator.check(
                        VALID.toBuilder().setAngleDeg(Double.NaN).build()))
                .isEmpty();
        assertThat(SampleValidator.check(VALID.toBuilder()
                        .setHasAngle(true)
                        .setAngleDeg(Double.NaN)
                        .build()))
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("angle_deg"));
    }
}
