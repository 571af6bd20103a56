package io.aegis.edge.sim;

import io.aegis.edge.sim.CycleParameters.CycleFault;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The deterministic model behind the simulator: the schedule, each vehicle's fate, each cycle's parameters and the
 * station-level faults. Every method is a pure function of the settings, so callers may query it in any order.
 */
final class Plant {

    private static final String WMI = "1AE";
    private static final String VDS = "GS4E2";
    private static final char PLANT_CODE = 'D';

    private final SimulatorProperties properties;
    private final SimulatorProperties.Faults faults;
    private final long seed;
    private final PlantSchedule schedule;
    private final String runId;
    private final int serialBase;
    private final int modelYear;
    private final int steeringPosition;
    private final double[] targets;
    private final Map<Long, Vehicle> vehicles = new HashMap<>();

    Plant(SimulatorProperties properties, long startMillis) {
        this.properties = properties;
        this.faults = properties.faults();
        this.seed = properties.seed();
        this.schedule = new PlantSchedule(
                startMillis, properties.taktTime().toMillis(), properties.stations(), properties.boltsPerStation());
        long runHash = Seeds.mix(seed, Seeds.RUN, startMillis);
        this.runId = String.format("%08x", (int) (runHash >>> 32));
        this.serialBase = (int) Math.floorMod(runHash, 900_000L);
        this.modelYear =
                Instant.ofEpochMilli(startMillis).atZone(ZoneOffset.UTC).getYear() + 1;
        this.steeringPosition = positionOf(faults.steeringStation(), properties.stations());
        this.targets = new double[properties.stations() + 1];
        for (int position = 1; position <= properties.stations(); position++) {
            SplittableRandom random = Seeds.random(seed, Seeds.STATION_NOISE, position, 0);
            // Targets between 20 and 55 Nm in 0.5 Nm steps: the range of body and chassis joints on a final line.
            targets[position] = 20.0 + 0.5 * random.nextInt(71);
        }
    }

    private static int positionOf(String stationId, int stations) {
        try {
            int position = Integer.parseInt(stationId);
            return position >= 1 && position <= stations ? position : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    SimulatorProperties properties() {
        return properties;
    }

    PlantSchedule schedule() {
        return schedule;
    }

    String runId() {
        return runId;
    }

    long seed() {
        return seed;
    }

    static String stationId(int position) {
        return Integer.toString(position);
    }

    double targetTorque(int position) {
        return targets[position];
    }

    /** Returns the maximum delay between a vehicle leaving the line and the plant reporting its defect. */
    long maxReportDelay() {
        return faults.enabled() ? faults.defectReportDelayMax().toMillis() : 0;
    }

    Vehicle vehicle(long index) {
        return vehicles.computeIfAbsent(index, this::newVehicle);
    }

    /** Forgets vehicles before {@code index}; they are never asked for again once the simulation has passed them. */
    void forgetBefore(long index) {
        vehicles.keySet().removeIf(k -> k < index);
    }

    private Vehicle newVehicle(long index) {
        SplittableRandom random = Seeds.random(seed, Seeds.VEHICLE, index);
        String vin = Vin.of(WMI, VDS, modelYear, PLANT_CODE, (int) ((serialBase + index) % 1_000_000));
        String workOrderId = "wo-" + runId + "-" + String.format("%06d", index);
        String firmware = pickFirmware(random);
        boolean steeringFault = false;
        long reportDelay = -1;
        if (faults.enabled() && steeringPosition > 0) {
            double rate =
                    firmware.equals(faults.badFirmware()) ? faults.badFirmwareDefectRate() : faults.baseDefectRate();
            steeringFault = random.nextDouble() < rate;
            if (steeringFault && random.nextDouble() < faults.defectReportShare()) {
                long min = faults.defectReportDelayMin().toMillis();
                long max = Math.max(min, faults.defectReportDelayMax().toMillis());
                reportDelay = min + (long) (random.nextDouble() * (max - min));
            }
        }
        return new Vehicle(index, vin, workOrderId, firmware, steeringFault, reportDelay);
    }

    private String pickFirmware(SplittableRandom random) {
        List<String> versions = properties.firmwareVersions();
        double draw = random.nextDouble();
        if (faults.enabled() && versions.contains(faults.badFirmware()) && versions.size() > 1) {
            if (draw < faults.badFirmwareShare()) {
                return faults.badFirmware();
            }
            List<String> others = versions.stream()
                    .filter(v -> !v.equals(faults.badFirmware()))
                    .toList();
            return others.get(random.nextInt(others.size()));
        }
        return versions.get(random.nextInt(versions.size()));
    }

    int steeringPosition() {
        return steeringPosition;
    }

    CycleParameters cycle(long vehicleIndex, int position, int bolt) {
        SplittableRandom random = Seeds.random(seed, Seeds.CYCLE, position, vehicleIndex, bolt);
        double target = targets[position];
        double finalTorque = target * (1 + 0.015 * Seeds.gaussian(random));
        double rundownAngle = 900 + 60 * Seeds.gaussian(random);
        double finalAngle = 35 + 4 * Seeds.gaussian(random);
        double draw = random.nextDouble();
        CycleFault fault = null;
        if (faults.enabled()) {
            if (position == steeringPosition && vehicle(vehicleIndex).steeringFault()) {
                fault = CycleFault.STEERING;
                finalTorque = target * (1.12 + 0.03 * Seeds.gaussian(random));
                finalAngle = finalAngle * 0.6;
            } else if (draw < faults.overTorqueRate()) {
                fault = CycleFault.OVER_TORQUE;
                finalTorque = target * (1.18 + 0.1 * random.nextDouble());
            } else if (draw < faults.overTorqueRate() + faults.underTorqueRate()) {
                fault = CycleFault.UNDER_TORQUE;
                finalTorque = target * (0.7 + 0.12 * random.nextDouble());
                finalAngle = finalAngle * 0.5;
            }
        }
        return new CycleParameters(target, finalTorque, rundownAngle, finalAngle, fault);
    }

    /** Returns the station-level fault of interval {@code interval}, or null when faults are off. */
    StationFault stationFault(long interval) {
        if (!faults.enabled() || interval < 0) {
            return null;
        }
        long length = faults.stationFaultInterval().toMillis();
        long duration = Math.min(faults.stationFaultDuration().toMillis(), length);
        if (length <= 0 || duration <= 0) {
            return null;
        }
        SplittableRandom random = Seeds.random(seed, Seeds.STATION_FAULT, interval);
        int position = 1 + random.nextInt(properties.stations());
        StationFault.Kind kind = StationFault.Kind.values()[random.nextInt(StationFault.Kind.values().length)];
        long start = schedule.start() + interval * length + (long) (random.nextDouble() * (length - duration));
        double magnitude = switch (kind) {
            case DRIFT -> 0.08 + 0.07 * random.nextDouble();
            case CLOCK_AHEAD, CLOCK_BEHIND -> 500 + random.nextInt(4500);
            default -> 0;
        };
        return new StationFault(kind, stationId(position), position, start, start + duration, magnitude);
    }

    /** Returns the station-level fault active at the station at true time {@code t}, or null. */
    StationFault stationFaultAt(int position, long t) {
        if (!faults.enabled() || faults.stationFaultInterval().toMillis() <= 0) {
            return null;
        }
        StationFault fault = stationFault(
                (t - schedule.start()) / faults.stationFaultInterval().toMillis());
        return fault != null && fault.position() == position && fault.covers(t) ? fault : null;
    }

    /** Returns the station's clock offset at true time {@code t}, in milliseconds. */
    long clockOffset(int position, long t) {
        StationFault fault = stationFaultAt(position, t);
        if (fault == null) {
            return 0;
        }
        return switch (fault.kind()) {
            case CLOCK_AHEAD -> (long) fault.magnitude();
            case CLOCK_BEHIND -> -(long) fault.magnitude();
            default -> 0;
        };
    }
}
