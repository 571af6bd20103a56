package io.aegis.bench;

import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encoding and decoding of telemetry bodies as the edge bridge and the consumers do it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    /** Samples per JetStream message: 1 (no batching), 2 (10 ms at 200 Hz), 10 (10 ms at 1 kHz). */
    @Param({"1", "2", "10"})
    public int samples;

    private TelemetryBatch batch;
    private byte[] protobuf;
    private byte[] json;
    private Headers protobufHeaders;

    @Setup
    public void setUp() {
        batch = Telemetry.batch("5", 1, samples, 1_714_234_567_890L, 200);
        protobuf = TelemetryCodec.encode(batch);
        protobufHeaders = TelemetryCodec.headers();
        StringBuilder text = new StringBuilder("{\"samples\":[");
        for (int i = 0; i < samples; i++) {
            TorqueSample sample = batch.getSamples(i);
            text.append(i == 0 ? "" : ",")
                    .append("{\"station_id\":\"5\",\"torque\":")
                    .append(sample.getTorque())
                    .append(",\"timestamp\":")
                    .append(sample.getTimestamp())
                    .append(",\"seq\":")
                    .append(sample.getSeq())
                    .append('}');
        }
        json = text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encodeProtobuf() {
        return TelemetryCodec.encode(batch);
    }

    @Benchmark
    public List<TorqueSample> decodeProtobuf() {
        return TelemetryCodec.decode(protobufHeaders, protobuf);
    }

    @Benchmark
    public List<TorqueSample> decodeJson() {
        return TelemetryCodec.decode(null, json);
    }

    @Benchmark
    public String messageId() {
        return TelemetryCodec.messageId(batch);
    }
}
