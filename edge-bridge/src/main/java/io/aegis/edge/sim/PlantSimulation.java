package io.aegis.edge.sim;

import io.aegis.edge.sim.MesScript.TimedCommand;
import io.aegis.edge.sim.StationSimulator.CompletedCycle;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the plant in windows of one batch interval of simulated time. Each window emits, in this order: ground truth
 * of station faults that begin in it, the MES commands due in it (by time, vehicle and step), then per station its
 * telemetry batch and the results of the cycles that ended. The output depends only on the settings, so the same
 * seed and start produce the same stream, byte for byte.
 */
public final class PlantSimulation {

    private final Plant plant;
    private final PlantSchedule schedule;
    private final MesScript script;
    private final List<StationSimulator> stations = new ArrayList<>();
    private final List<Gateway> gateways = new ArrayList<>();
    private final TreeMap<Long, List<TimedCommand>> scripts = new TreeMap<>();
    private final long interval;
    private long cursor;
    private long nextFaultInterval;

    /** Creates the simulation; {@code properties.start()} must be set. */
    public PlantSimulation(SimulatorProperties properties) {
        if (properties.start() == null) {
            throw new IllegalArgumentException("aegis.simulator.start is missing: resolve it before creating the run");
        }
        long start = properties.start().toEpochMilli();
        this.plant = new Plant(properties, start);
        this.schedule = plant.schedule();
        this.script = new MesScript(plant);
        for (int position = 1; position <= properties.stations(); position++) {
            stations.add(new StationSimulator(plant, position));
            gateways.add(new Gateway(plant, position));
        }
        this.interval = properties.batchInterval().toMillis();
        this.cursor = start;
    }

    public String runId() {
        return plant.runId();
    }

    /** Simulated instant up to which everything has been emitted. */
    public long cursor() {
        return cursor;
    }

    public long batchIntervalMillis() {
        return interval;
    }

    /** Describes the run for the ground-truth directory. */
    public Map<String, Object> describe() {
        SimulatorProperties properties = plant.properties();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run_id", plant.runId());
        run.put("seed", properties.seed());
        run.put("start", schedule.start());
        run.put("stations", properties.stations());
        run.put("rate_hz", properties.rateHz());
        run.put("takt_ms", schedule.takt());
        run.put("batch_interval_ms", interval);
        run.put("bolts_per_station", properties.boltsPerStation());
        run.put("flash_station", properties.flashStation());
        run.put("flash_ecu", properties.flashEcu());
        run.put("firmware_versions", properties.firmwareVersions());
        run.put("faults", properties.faults());
        Map<String, Double> targets = new LinkedHashMap<>();
        for (StationSimulator station : stations) {
            targets.put(station.stationId(), plant.targetTorque(station.position()));
        }
        run.put("target_torque_nm", targets);
        return run;
    }

    /** Emits windows until the cursor reaches {@code until}. */
    public void advanceTo(long until, SimulationSink sink) throws InterruptedException {
        while (cursor < until) {
            step(sink);
        }
    }

    /** Emits one window. */
    public void step(SimulationSink sink) throws InterruptedException {
        long windowStart = cursor;
        long windowEnd = cursor + interval;
        announceStationFaults(windowEnd, sink);
        for (TimedCommand command : commandsDue(windowStart, windowEnd)) {
            if (command.truth() != null) {
                sink.groundTruth(command.truth());
            }
            sink.command(command.command());
        }
        for (int i = 0; i < stations.size(); i++) {
            emitStation(stations.get(i), gateways.get(i), windowStart, windowEnd, sink);
        }
        cursor = windowEnd;
    }

    /** Sends what the gateways still buffer; call once when the run stops. */
    public void flush(SimulationSink sink) throws InterruptedException {
        for (Gateway gateway : gateways) {
            gateway.flush(sink);
        }
    }

    private void emitStation(
            StationSimulator station, Gateway gateway, long windowStart, long windowEnd, SimulationSink sink)
            throws InterruptedException {
        List<TorqueSample> samples = new ArrayList<>();
        List<CompletedCycle> cycles = new ArrayList<>();
        station.generate(windowEnd, samples, cycles);
        if (!samples.isEmpty()) {
            TelemetryBatch batch = TelemetryBatch.newBuilder()
                    .setStationId(station.stationId())
                    .addAllSamples(samples)
                    .build();
            gateway.forward(batch, windowStart, sink);
        }
        for (CompletedCycle cycle : cycles) {
            sink.tightening(cycle.result());
            CycleParameters.CycleFault fault = cycle.parameters().fault();
            if (fault != null && fault != CycleParameters.CycleFault.STEERING) {
                sink.groundTruth(cycleFaultTruth(cycle));
            }
        }
    }

    private GroundTruthRecord cycleFaultTruth(CompletedCycle cycle) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", plant.runId());
        fields.put("fault", cycle.parameters().fault().label());
        fields.put("station_id", cycle.result().getStationId());
        fields.put("start", cycle.result().getTimestamp() - cycle.result().getDurationMs());
        fields.put("end", cycle.result().getTimestamp());
        fields.put("vin", cycle.vehicle().vin());
        fields.put("work_order_id", cycle.vehicle().workOrderId());
        fields.put("tightening_id", cycle.result().getTighteningId());
        fields.put("final_torque_nm", cycle.result().getFinalTorque());
        fields.put("result_ok", cycle.result().getOk());
        return new GroundTruthRecord(GroundTruthRecord.FAULTS, fields);
    }

    private void announceStationFaults(long windowEnd, SimulationSink sink) throws InterruptedException {
        while (true) {
            StationFault fault = plant.stationFault(nextFaultInterval);
            if (fault == null || fault.startMillis() >= windowEnd) {
                return;
            }
            nextFaultInterval++;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("run_id", plant.runId());
            fields.put("fault", fault.label());
            fields.put("station_id", fault.stationId());
            fields.put("start", fault.startMillis());
            fields.put("end", fault.endMillis());
            fields.put("magnitude", fault.magnitude());
            fields.put("unit", magnitudeUnit(fault.kind()));
            sink.groundTruth(new GroundTruthRecord(GroundTruthRecord.FAULTS, fields));
        }
    }

    private static String magnitudeUnit(StationFault.Kind kind) {
        return switch (kind) {
            case DRIFT -> "share of target torque at the end of the fault";
            case CLOCK_AHEAD, CLOCK_BEHIND -> "ms";
            default -> "";
        };
    }

    private List<TimedCommand> commandsDue(long windowStart, long windowEnd) {
        long first = schedule.firstVehicleActiveAt(windowStart, plant.maxReportDelay());
        long last = schedule.lastVehicleCreatedBefore(windowEnd);
        scripts.headMap(first).clear();
        plant.forgetBefore(first);
        List<TimedCommand> due = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            for (TimedCommand command : scripts.computeIfAbsent(k, i -> script.commandsFor(plant.vehicle(i)))) {
                if (command.at() >= windowStart && command.at() < windowEnd) {
                    due.add(command);
                }
            }
        }
        due.sort(Comparator.comparingLong(TimedCommand::at)
                .thenComparingLong(TimedCommand::vehicle)
                .thenComparingInt(TimedCommand::ordinal));
        return due;
    }
}
