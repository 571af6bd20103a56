package io.aegis.queryside.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.queryside.clickhouse.RowBinaryInput;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.EnrichmentStatus;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class TelemetryRowTest {

    @Test
    void rowBinaryRoundTripKeepsEveryBit() throws Exception {
        TelemetryRow row = new TelemetryRow(
                "5",
                -1L,
                1_714_234_567_890L,
                43.21,
                0.1 + 0.2,
                true,
                "t-1",
                "sim ü".repeat(40),
                1_714_234_567_999L,
                true,
                -12,
                new Enrichment(
                        "1HGBH41JXMN100005",
                        "CHECK_DIGIT_MISMATCH",
                        "v2.1.4",
                        "{\"eps\":\"v2.1.4\"}",
                        "wo-1",
                        EnrichmentStatus.JOINED),
                Long.MAX_VALUE);
        RowBinaryOutput out = new RowBinaryOutput(64);
        row.writeTo(out);

        RowBinaryInput in = new RowBinaryInput(new ByteArrayInputStream(out.toByteArray()));
        TelemetryRow read = TelemetryRow.readFrom(in);

        assertThat(read).isEqualTo(row);
        assertThat(in.hasNext()).isFalse();
    }
}
