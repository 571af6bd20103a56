package io.aegis.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryCodecTest {

    private static final TorqueSample BRIEF_SAMPLE = TorqueSample.newBuilder()
            .setStationId("5")
            .setTorque(43.21)
            .setTimestamp(1714234567890L)
            .build();

    @Test
    void protobufBatchRoundTrips() {
        TelemetryBatch batch = TelemetryBatch.newBuilder()
                .setStationId("5")
                .addSamples(BRIEF_SAMPLE.toBuilder().setSeq(1))
                .addSamples(BRIEF_SAMPLE.toBuilder().setSeq(2).setTorque(44.0))
                .build();

        List<TorqueSample> decoded = TelemetryCodec.decode(TelemetryCodec.headers(), TelemetryCodec.encode(batch));

        assertThat(decoded).containsExactlyElementsOf(batch.getSamplesList());
    }

    @Test
    void jsonSampleFromBriefDecodes() {
        byte[] body =
                "{\"station_id\":\"5\",\"torque\":43.21,\"timestamp\":1714234567890}".getBytes(StandardCharsets.UTF_8);

        assertThat(TelemetryCodec.decode(null, body)).containsExactly(BRIEF_SAMPLE);
    }

    @Test
    void jsonBatchDecodesByContentType() {
        byte[] body = " {\"samples\":[{\"station_id\":\"5\",\"torque\":43.21,\"timestamp\":1714234567890}]}"
                .getBytes(StandardCharsets.UTF_8);
        Headers headers = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.JSON);

        assertThat(TelemetryCodec.decode(headers, body)).containsExactly(BRIEF_SAMPLE);
    }

    @Test
    void malformedBodiesAreRejectedWithReason() {
        assertThatThrownBy(() -> TelemetryCodec.decode(null, "{\"torque\":\"heavy\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not valid sample JSON");
        assertThatThrownBy(() -> TelemetryCodec.decode(TelemetryCodec.headers(), new byte[] {(byte) 0xff, 0x01}))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not a valid protobuf TelemetryBatch");
    }

    @Test
    void messageIdNamesStationRangeAndStart() {
        TelemetryBatch batch = TelemetryBatch.newBuilder()
                .addSamples(BRIEF_SAMPLE.toBuilder().setSeq(7))
                .addSamples(BRIEF_SAMPLE.toBuilder().setSeq(9))
                .build();

        assertThat(TelemetryCodec.messageId(batch)).isEqualTo("5:7-9@1714234567890");
    }

    @Test
    void sampleWithoutSequenceIsKeyedByTimestamp() {
        assertThat(TelemetryCodec.sampleKey(BRIEF_SAMPLE)).isEqualTo(1714234567890L);
    }
}
