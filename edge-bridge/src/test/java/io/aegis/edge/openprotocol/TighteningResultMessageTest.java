package io.aegis.edge.openprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.proto.v1.TighteningResult;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TighteningResultMessageTest {

    private static final String VIN = "1M8GDM9AXKP042788";
    private static final ResultMapper BERLIN = new ResultMapper("5", ZoneId.of("Europe/Berlin"), "open-protocol:test");

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void everyRevisionMapsToResult(int revision) {
        String data = Mid0061Frames.data(
                revision, Mid0061Frames.result(revision, VIN, true, 4321, 187, "2026-03-02:07:15:30", 1234));

        assertThat(data).hasSize(TighteningResultMessage.dataLength(revision));
        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(revision, data), 0);

        assertThat(result.getStationId()).isEqualTo("5");
        assertThat(result.getTighteningId()).isEqualTo("1234");
        assertThat(result.getOk()).isTrue();
        assertThat(result.getFinalTorque()).isEqualTo(43.21);
        assertThat(result.getTorqueMin()).isEqualTo(40.0);
        assertThat(result.getTorqueMax()).isEqualTo(50.0);
        assertThat(result.getTorqueTarget()).isEqualTo(45.0);
        assertThat(result.getFinalAngleDeg()).isEqualTo(revision == 7 ? 187.25 : 187.0);
        assertThat(result.getVinReported()).isEqualTo(VIN);
        assertThat(result.getController()).isEqualTo("Test controller");
        assertThat(result.getSpindle()).isEqualTo(1);
        // 07:15:30 in Berlin in March (UTC+1) is 06:15:30 UTC.
        assertThat(result.getTimestamp())
                .isEqualTo(java.time.Instant.parse("2026-03-02T06:15:30Z").toEpochMilli());
        assertThat(result.getRawStatus()).contains("tightening_status=1");
        assertThat(result.getRawStatus()).endsWith(";vin_check=ok");
    }

    @Test
    void wrongCheckDigitIsKeptAndMarked() {
        String wrong = "1M8GDM9A1KP042788";
        String data = Mid0061Frames.data(2, Mid0061Frames.result(2, wrong, true, 3000, 90, "2026-03-02:07:15:30", 9));

        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(2, data), 0);

        assertThat(result.getVinReported()).isEqualTo(wrong);
        assertThat(result.getRawStatus()).endsWith(";vin_check=VIN_CHECK_DIGIT");
    }

    @Test
    void blankVinIsMarkedMissing() {
        String data = Mid0061Frames.data(2, Mid0061Frames.result(2, "", true, 3000, 90, "2026-03-02:07:15:30", 9));

        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(2, data), 0);

        assertThat(result.getVinReported()).isEmpty();
        assertThat(result.getRawStatus()).endsWith(";vin_check=missing");
    }

    @Test
    void dataLengthsMatchSpecification() {
        assertThat(TighteningResultMessage.dataLength(1)).isEqualTo(231 - 20);
        assertThat(TighteningResultMessage.dataLength(2)).isEqualTo(385 - 20);
        assertThat(TighteningResultMessage.dataLength(7)).isEqualTo(544 - 20);
    }

    @Test
    void nokStatusMapsToNotOk() {
        String data = Mid0061Frames.data(2, Mid0061Frames.result(2, VIN, false, 3000, 90, "2026-03-02:07:15:30", 7));

        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(2, data), 0);

        assertThat(result.getOk()).isFalse();
    }

    @Test
    void errorBitfieldIsKeptRawAndDecoded() {
        Map<Integer, String> values = Mid0061Frames.result(2, VIN, false, 3000, 90, "2026-03-02:07:15:30", 8);
        values.put(20, "0000000005");

        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(2, Mid0061Frames.data(2, values)), 0);

        assertThat(result.getRawStatus()).contains("tightening_error_status=0000000005");
        assertThat(result.getRawStatus()).contains("tightening_error_status_bits=1,3");
    }

    @Test
    void binaryBytesInBitfieldAreEscaped() {
        Map<Integer, String> values = Mid0061Frames.result(2, VIN, true, 3000, 90, "2026-03-02:07:15:30", 9);
        values.put(20, "\u0001\u00FF\u0000\u0007000000");

        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(2, Mid0061Frames.data(2, values)), 0);

        assertThat(result.getRawStatus()).contains("tightening_error_status=\\x01\\xFF\\x00\\x07000000");
        assertThat(result.getRawStatus()).contains("tightening_error_status_bits=unreadable");
    }

    @Test
    void shiftedParameterIsNamed() {
        String data = Mid0061Frames.data(1, Mid0061Frames.result(1, VIN, true, 3000, 90, "2026-03-02:07:15:30", 9));
        String shifted = data.substring(0, 40) + " " + data.substring(40, data.length() - 1);

        assertThatThrownBy(() -> TighteningResultMessage.parse(1, shifted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 05 (job_id)");
    }

    @Test
    void shortDataIsRejected() {
        String data = Mid0061Frames.data(3, Mid0061Frames.result(3, VIN, true, 3000, 90, "2026-03-02:07:15:30", 9));

        assertThatThrownBy(() -> TighteningResultMessage.parse(3, data.substring(0, 300)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends before field");
    }

    @Test
    void invalidTimestampIsRejected() {
        String data = Mid0061Frames.data(2, Mid0061Frames.result(2, VIN, true, 3000, 90, "2026-13-02:07:15:30", 9));

        assertThatThrownBy(() -> BERLIN.map(TighteningResultMessage.parse(2, data), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timestamp '2026-13-02:07:15:30' is invalid");
    }

    @Test
    void torqueInPoundFeetIsConverted() {
        Map<Integer, String> values = Mid0061Frames.result(3, VIN, true, 1000, 90, "2026-03-02:07:15:30", 9);
        values.put(48, "2");

        TighteningResult result = BERLIN.map(TighteningResultMessage.parse(3, Mid0061Frames.data(3, values)), 0);

        assertThat(result.getFinalTorque()).isCloseTo(13.558, org.assertj.core.data.Offset.offset(0.001));
    }
}
