package io.aegis.scorer;

import io.aegis.proto.v1.TorqueSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic synthetic line for training tests: two stations with tightenings of 20 samples 5 ms apart that
 * ramp to about 43 Nm. About one tightening in ten ends in a 15 to 19 Nm overshoot and is NOK. For half of those
 * the VIN reports a defect a minute later.
 */
final class SyntheticLine {

    static final long START = 1_714_200_000_000L;
    static final long END = START + 100_000_000L;

    final List<TorqueSample> samples = new ArrayList<>();
    final StringBuilder telemetryRows = new StringBuilder();
    final StringBuilder resultRows = new StringBuilder();
    final StringBuilder defectRows = new StringBuilder();

    SyntheticLine(int tighteningsPerStation, long seed) {
        Random random = new Random(seed);
        for (String station : List.of("1", "2")) {
            long seq = 0;
            for (int t = 0; t < tighteningsPerStation; t++) {
                boolean bad = random.nextDouble() < 0.1;
                String vin = String.format("VIN%s%04d", station, t / 10);
                long start = START + t * 1_000L;
                String tighteningId = station + "-" + t;
                for (int k = 0; k < 20; k++) {
                    seq++;
                    double torque = 43.0 * Math.pow(k / 19.0, 2) + random.nextGaussian() * 0.3;
                    if (bad && k >= 17) {
                        torque += 15 + random.nextDouble() * 4;
                    }
                    TorqueSample sample = TorqueSample.newBuilder()
                            .setStationId(station)
                            .setSeq(seq)
                            .setTimestamp(start + 5L * k)
                            .setTorque(torque)
                            .setAngleDeg(10.0 * k)
                            .setHasAngle(true)
                            .setTighteningId(tighteningId)
                            .build();
                    samples.add(sample);
                    telemetryRows.append(String.format(
                            "{\"station_id\":\"%s\",\"seq\":%d,\"timestamp\":%d,\"torque\":%s,\"angle_deg\":%s,"
                                    + "\"has_angle\":1,\"tightening_id\":\"%s\",\"vin\":\"%s\",\"version\":1}\n",
                            station,
                            seq,
                            sample.getTimestamp(),
                            Double.toString(torque),
                            Double.toString(10.0 * k),
                            tighteningId,
                            vin));
                }
                resultRows.append(String.format(
                        "{\"station_id\":\"%s\",\"tightening_id\":\"%s\",\"timestamp\":%d,\"ok\":%d}\n",
                        station, tighteningId, start + 100, bad ? 0 : 1));
                if (bad && random.nextBoolean()) {
                    defectRows.append(String.format(
                            "{\"event_id\":\"d-%s\",\"vin\":\"%s\",\"station_id\":\"%s\",\"detected_at\":%d,"
                                    + "\"reported_at\":%d}\n",
                            tighteningId, vin, station, start + 60_000, start + 120_000));
                }
            }
        }
    }
}
