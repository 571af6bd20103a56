package io.aegis.bench;

import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import java.util.SplittableRandom;

/** Synthetic telemetry shaped like the plant simulator's: per-station batches of consecutive samples. */
public final class Telemetry {

    private Telemetry() {}

    /** Returns one batch of {@code samples} samples of {@code station}, starting at sequence {@code firstSeq}. */
    public static TelemetryBatch batch(String station, long firstSeq, int samples, long firstTimestamp, int rateHz) {
        SplittableRandom random = new SplittableRandom(firstSeq * 31 + station.hashCode());
        TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setStationId(station);
        for (int i = 0; i < samples; i++) {
            long seq = firstSeq + i;
            batch.addSamples(TorqueSample.newBuilder()
                    .setStationId(station)
                    .setSeq(seq)
                    .setTimestamp(firstTimestamp + (i * 1000L) / rateHz)
                    .setTorque(40 + random.nextDouble() * 5)
                    .setAngleDeg(random.nextDouble() * 720)
                    .setHasAngle(true)
                    .setTighteningId(station + "-" + (seq / 400))
                    .setSource("bench"));
        }
        return batch.build();
    }
}
