package io.aegis.edge.sim;

import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.TorqueSample;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The PLC of one station: a torque sample every {@code 1000 / rateHz} ms, idle noise between cycles, and the
 * rundown, snug, final-torque and hold phases while a cycle runs, followed by the cycle's {@link TighteningResult}.
 *
 * <p>Sample {@code i} (from 0) has sequence {@code i + 1} and true instant {@code start + i * 1000 / rateHz} (integer
 * milliseconds); its timestamp adds the station's clock offset while a clock fault is active.
 */
final class StationSimulator {

    static final String SOURCE = "sim";

    /** Phase boundaries as shares of the cycle duration: rundown, snug, final torque, then hold to the end. */
    private static final double SNUG_START = 0.48;

    private static final double FINAL_START = 0.60;
    private static final double HOLD_START = 0.84;
    private static final double SNUG_ANGLE = 30;

    private final Plant plant;
    private final PlantSchedule schedule;
    private final int position;
    private final String stationId;
    private final int rateHz;
    private final SplittableRandom noise;
    private long nextIndex;

    private long cycleVehicle = -1;
    private int cycleBolt = -1;
    private CycleParameters cycle;
    private String tighteningId;
    private double peakTorque;
    private double lastAngle;
    private long cycleFirstTimestamp;

    StationSimulator(Plant plant, int position) {
        this.plant = plant;
        this.schedule = plant.schedule();
        this.position = position;
        this.stationId = Plant.stationId(position);
        this.rateHz = plant.properties().rateHz();
        this.noise = Seeds.random(plant.seed(), Seeds.STATION_NOISE, position, 1);
    }

    String stationId() {
        return stationId;
    }

    int position() {
        return position;
    }

    long trueTimeOf(long index) {
        return schedule.start() + index * 1000 / rateHz;
    }

    /** Generates every sample whose true instant is before {@code until}, and the results of cycles that end. */
    void generate(long until, List<TorqueSample> samples, List<CompletedCycle> results) {
        while (trueTimeOf(nextIndex) < until) {
            long index = nextIndex++;
            samples.add(sample(index, results));
        }
    }

    private TorqueSample sample(long index, List<CompletedCycle> results) {
        long t = trueTimeOf(index);
        long timestamp = t + plant.clockOffset(position, t);
        TorqueSample.Builder sample = TorqueSample.newBuilder()
                .setStationId(stationId)
                .setSeq(index + 1)
                .setTimestamp(timestamp)
                .setSource(SOURCE);

        long vehicle = schedule.occupant(position, t);
        int bolt = vehicle >= 0 ? schedule.boltAt(vehicle, position, t) : -1;
        if (bolt < 0) {
            return sample.setTorque(round(0.02 * Seeds.gaussian(noise), 1000)).build();
        }
        if (vehicle != cycleVehicle || bolt != cycleBolt) {
            beginCycle(vehicle, bolt, timestamp);
        }

        double phase = (double) (t - schedule.cycleStart(vehicle, position, bolt)) / schedule.cycleDuration();
        double torque = cycleTorque(phase) + drift(t) + cycle.targetTorque() * 0.004 * Seeds.gaussian(noise);
        double angle = cycleAngle(phase) + 0.1 * Seeds.gaussian(noise);
        torque = round(torque, 1000);
        angle = round(angle, 100);
        peakTorque = Math.max(peakTorque, torque);
        lastAngle = angle;
        sample.setTorque(torque).setAngleDeg(angle).setHasAngle(true).setTighteningId(tighteningId);

        long nextT = trueTimeOf(index + 1);
        if (schedule.occupant(position, nextT) != vehicle || schedule.boltAt(vehicle, position, nextT) != bolt) {
            results.add(new CompletedCycle(result(timestamp), plant.vehicle(vehicle), cycle));
            cycleVehicle = -1;
            cycleBolt = -1;
        }
        return sample.build();
    }

    private void beginCycle(long vehicle, int bolt, long timestamp) {
        cycleVehicle = vehicle;
        cycleBolt = bolt;
        cycle = plant.cycle(vehicle, position, bolt);
        tighteningId = plant.runId() + "-" + stationId + "-" + String.format("%06d", vehicle) + "-" + (bolt + 1);
        peakTorque = Double.NEGATIVE_INFINITY;
        lastAngle = 0;
        cycleFirstTimestamp = timestamp;
    }

    private double cycleTorque(double phase) {
        double target = cycle.targetTorque();
        double snugTorque = 0.3 * target;
        if (phase < SNUG_START) {
            // Thread friction during the rundown, with a ripple from the thread pitch.
            return 0.06 * target * (1 + 0.3 * StrictMath.sin(2 * StrictMath.PI * 8 * phase));
        }
        if (phase < FINAL_START) {
            double x = (phase - SNUG_START) / (FINAL_START - SNUG_START);
            return target * 0.06 + (snugTorque - target * 0.06) * x;
        }
        if (phase < HOLD_START) {
            double x = (phase - FINAL_START) / (HOLD_START - FINAL_START);
            return snugTorque + (cycle.finalTorque() - snugTorque) * x;
        }
        double x = (phase - HOLD_START) / (1 - HOLD_START);
        return cycle.finalTorque() * (1 - 0.01 * x);
    }

    private double cycleAngle(double phase) {
        if (phase < SNUG_START) {
            return cycle.rundownAngle() * phase / SNUG_START;
        }
        if (phase < FINAL_START) {
            return cycle.rundownAngle() + SNUG_ANGLE * (phase - SNUG_START) / (FINAL_START - SNUG_START);
        }
        if (phase < HOLD_START) {
            double x = (phase - FINAL_START) / (HOLD_START - FINAL_START);
            return cycle.rundownAngle() + SNUG_ANGLE + cycle.finalAngle() * x;
        }
        return cycle.rundownAngle() + SNUG_ANGLE + cycle.finalAngle();
    }

    private double drift(long t) {
        StationFault fault = plant.stationFaultAt(position, t);
        if (fault == null || fault.kind() != StationFault.Kind.DRIFT) {
            return 0;
        }
        double progress = (double) (t - fault.startMillis()) / (fault.endMillis() - fault.startMillis());
        return cycle.targetTorque() * fault.magnitude() * progress;
    }

    private TighteningResult result(long timestamp) {
        double finalTorque = peakTorque;
        boolean ok = finalTorque >= cycle.minTorque() && finalTorque <= cycle.maxTorque();
        return TighteningResult.newBuilder()
                .setStationId(stationId)
                .setTighteningId(tighteningId)
                .setTimestamp(timestamp)
                .setOk(ok)
                .setFinalTorque(finalTorque)
                .setFinalAngleDeg(lastAngle)
                .setTorqueMin(round(cycle.minTorque(), 1000))
                .setTorqueMax(round(cycle.maxTorque(), 1000))
                .setTorqueTarget(cycle.targetTorque())
                .setVinReported(plant.vehicle(cycleVehicle).vin())
                .setController("sim-" + stationId)
                .setSpindle(1)
                .setDurationMs(timestamp - cycleFirstTimestamp)
                .setSource(SOURCE)
                .build();
    }

    /** A finished cycle: its result, and the vehicle and parameters behind it for the ground truth. */
    record CompletedCycle(TighteningResult result, Vehicle vehicle, CycleParameters parameters) {}

    private static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
