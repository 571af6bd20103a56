package io.aegis.edge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RexrothChannelFileTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RexrothChannelFileTest.class.getResourceAsStream("/rexroth/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void realFileBecomesResultAndSamples() throws IOException {
        RexrothChannelFile.Tightening tightening =
                RexrothChannelFile.parse(resource("Ch_000001596334.json"), "5", ZoneId.of("Europe/Berlin"));

        var result = tightening.result();
        assertThat(result.getStationId()).isEqualTo("5");
        assertThat(result.getTighteningId()).isEqualTo("1596334");
        assertThat(result.getOk()).isTrue();
        assertThat(result.getFinalTorque()).isEqualTo(1.418);
        assertThat(result.getTorqueTarget()).isEqualTo(1.4);
        assertThat(result.getTorqueMin()).isEqualTo(1.2);
        assertThat(result.getTorqueMax()).isEqualTo(1.6);
        assertThat(result.getVinReported()).isEqualTo("30000000008730");
        assertThat(result.getController()).isEqualTo("CS351");
        assertThat(result.getSource()).isEqualTo("rexroth-file");
        assertThat(result.getRawStatus()).startsWith("result=OK;quality_code=1;steps=Finding:OK");

        // 2022-09-05 13:43:39 in Berlin is 11:43:39 UTC (summer time); the four step graphs share three points.
        long start = Instant.parse("2022-09-05T11:43:39Z").toEpochMilli();
        assertThat(tightening.samples()).hasSize(96 + 327 + 128 + 73 - 3);
        TorqueSample first = tightening.samples().get(0);
        assertThat(first.getTimestamp()).isEqualTo(start);
        assertThat(first.getSeq()).isEqualTo(1596334L * 100_000 + 1);
        assertThat(first.getTighteningId()).isEqualTo("1596334");
        assertThat(first.getHasAngle()).isTrue();
        TorqueSample last = tightening.samples().get(tightening.samples().size() - 1);
        assertThat(last.getTimestamp()).isEqualTo(result.getTimestamp());
        assertThat(last.getAngleDeg()).isEqualTo(result.getFinalAngleDeg());
        assertThat(result.getDurationMs()).isEqualTo(last.getTimestamp() - start);
    }

    @Test
    void secondClassFileParses() throws IOException {
        RexrothChannelFile.Tightening tightening =
                RexrothChannelFile.parse(resource("Ch_000001621524.json"), "2", ZoneId.of("UTC"));

        assertThat(tightening.result().getTighteningId()).isEqualTo("1621524");
        assertThat(tightening.samples()).isNotEmpty();
        assertThat(tightening.samples().get(0).getTimestamp())
                .isEqualTo(Instant.parse("2024-09-04T18:28:07Z").toEpochMilli());
    }

    @Test
    void invalidJsonIsRejected() {
        assertThatThrownBy(() -> RexrothChannelFile.parse(
                        "{\"format\":".getBytes(StandardCharsets.UTF_8), "1", ZoneId.of("UTC")))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("body")
                .hasMessageContaining("must be valid JSON");
    }

    @Test
    void invalidDateIsNamed() throws IOException {
        String text = new String(resource("Ch_000001596334.json"), StandardCharsets.UTF_8)
                .replace("\"date\":\"2022-09-05 13:43:39\"", "\"date\":\"05.09.2022 13:43\"");

        assertThatThrownBy(() -> RexrothChannelFile.parse(text.getBytes(StandardCharsets.UTF_8), "1", ZoneId.of("UTC")))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("date '05.09.2022 13:43' is invalid: must be local time as YYYY-MM-DD HH:MM:SS");
    }

    @Test
    void otherTorqueUnitIsRejected() throws IOException {
        String text = new String(resource("Ch_000001596334.json"), StandardCharsets.UTF_8)
                .replace("\"torque unit\":\"Nm\"", "\"torque unit\":\"lbf.in\"");

        assertThatThrownBy(() -> RexrothChannelFile.parse(text.getBytes(StandardCharsets.UTF_8), "1", ZoneId.of("UTC")))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("torque unit");
    }
}
