package io.aegis.edge.sim;

import io.aegis.proto.v1.ArriveAtStation;
import io.aegis.proto.v1.CompleteWorkOrder;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.FlashFirmware;
import io.aegis.proto.v1.LeaveStation;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.ReportDefect;
import io.aegis.proto.v1.RouteStep;
import io.aegis.proto.v1.VinPolicy;
import io.aegis.proto.v1.WorkOrderCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MES side of one vehicle: the work-order commands it causes, each at its simulated instant, with the ground
 * truth they reveal. The idempotency key is built from the run, the vehicle and the step, so a resent command is
 * recognised as a repeat.
 */
final class MesScript {

    static final String ISSUED_BY = "edge-simulator";
    static final String DEFECT_CODE = "STEERING";

    private final Plant plant;
    private final PlantSchedule schedule;
    private final SimulatorProperties properties;

    MesScript(Plant plant) {
        this.plant = plant;
        this.schedule = plant.schedule();
        this.properties = plant.properties();
    }

    /**
     * A command due at {@code at}; {@code ordinal} orders commands of one vehicle at the same instant.
     *
     * @param truth ground truth to write when the command is sent, or null
     */
    record TimedCommand(long at, long vehicle, int ordinal, WorkOrderCommand command, GroundTruthRecord truth) {}

    List<TimedCommand> commandsFor(Vehicle vehicle) {
        List<TimedCommand> commands = new ArrayList<>();
        long k = vehicle.index();
        add(commands, vehicle, schedule.created(k), "create", null, b -> b.setCreate(create(vehicle)));
        add(
                commands,
                vehicle,
                schedule.released(k),
                "release",
                null,
                b -> b.setRelease(ReleaseWorkOrder.getDefaultInstance()));
        for (int position = 1; position <= schedule.stations(); position++) {
            addVisit(commands, vehicle, position);
        }
        long leftLine = schedule.departure(k, schedule.stations());
        add(commands, vehicle, leftLine, "complete", null, b -> b.setComplete(CompleteWorkOrder.getDefaultInstance()));
        if (vehicle.defectReportDelayMillis() >= 0) {
            long reportedAt = leftLine + vehicle.defectReportDelayMillis();
            add(
                    commands,
                    vehicle,
                    reportedAt,
                    "report-defect",
                    defectTruth(vehicle, reportedAt, leftLine),
                    b -> b.setReportDefect(ReportDefect.newBuilder()
                            .setCode(DEFECT_CODE)
                            .setDescription("steering pulls to one side at the end-of-line test")
                            .setDetectedAt(reportedAt)
                            .setSource("end-of-line-test")
                            .setStationId(Plant.stationId(plant.steeringPosition()))));
        }
        return commands;
    }

    private void addVisit(List<TimedCommand> commands, Vehicle vehicle, int position) {
        long k = vehicle.index();
        String station = Plant.stationId(position);
        long arrival = schedule.arrival(k, position);
        GroundTruthRecord steering = position == plant.steeringPosition() && vehicle.steeringFault()
                ? steeringTruth(vehicle, position)
                : null;
        add(
                commands,
                vehicle,
                arrival,
                "arrive-" + station,
                steering,
                b -> b.setArrive(ArriveAtStation.newBuilder().setStationId(station)));
        if (position == properties.flashPosition()) {
            add(
                    commands,
                    vehicle,
                    schedule.flash(k, position),
                    "flash-" + station,
                    null,
                    b -> b.setFlashFirmware(FlashFirmware.newBuilder()
                            .setStationId(station)
                            .setEcu(properties.flashEcu())
                            .setVersion(vehicle.firmware())
                            .setResult("OK")));
        }
        long departure = schedule.departure(k, position);
        add(
                commands,
                vehicle,
                departure,
                "leave-" + station,
                occupancyTruth(vehicle, position),
                b -> b.setLeave(LeaveStation.newBuilder().setStationId(station)));
    }

    private CreateWorkOrder create(Vehicle vehicle) {
        CreateWorkOrder.Builder create = CreateWorkOrder.newBuilder()
                .setVin(vehicle.vin())
                .setModel(properties.model())
                .setVinPolicy(VinPolicy.VIN_POLICY_STRICT);
        for (int position = 1; position <= schedule.stations(); position++) {
            boolean flashes = position == properties.flashPosition();
            create.addRoute(RouteStep.newBuilder()
                    .setStationId(Plant.stationId(position))
                    .setOperation(flashes ? "flash-" + properties.flashEcu() : "tighten")
                    .setFlashesFirmware(flashes));
        }
        return create.build();
    }

    private void add(
            List<TimedCommand> commands,
            Vehicle vehicle,
            long at,
            String step,
            GroundTruthRecord truth,
            java.util.function.Consumer<WorkOrderCommand.Builder> payload) {
        WorkOrderCommand.Builder builder = WorkOrderCommand.newBuilder()
                .setIdempotencyKey("sim-" + plant.runId() + "-" + vehicle.index() + "-" + step)
                .setIssuedBy(ISSUED_BY)
                .setCorrelationId(vehicle.workOrderId())
                .setOccurredAt(at)
                .setWorkOrderId(vehicle.workOrderId());
        payload.accept(builder);
        commands.add(new TimedCommand(at, vehicle.index(), commands.size(), builder.build(), truth));
    }

    private GroundTruthRecord occupancyTruth(Vehicle vehicle, int position) {
        long k = vehicle.index();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", plant.runId());
        fields.put("station_id", Plant.stationId(position));
        fields.put("vin", vehicle.vin());
        fields.put("work_order_id", vehicle.workOrderId());
        fields.put("arrived_at", schedule.arrival(k, position));
        fields.put("left_at", schedule.departure(k, position));
        boolean flashed = position >= properties.flashPosition();
        fields.put("firmware", flashed ? vehicle.firmware() : "");
        fields.put("flashed_at", flashed ? schedule.flash(k, properties.flashPosition()) : null);
        return new GroundTruthRecord(GroundTruthRecord.OCCUPANCY, fields);
    }

    private GroundTruthRecord steeringTruth(Vehicle vehicle, int position) {
        long k = vehicle.index();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", plant.runId());
        fields.put("fault", "steering");
        fields.put("station_id", Plant.stationId(position));
        fields.put("start", schedule.arrival(k, position));
        fields.put("end", schedule.departure(k, position));
        fields.put("vin", vehicle.vin());
        fields.put("work_order_id", vehicle.workOrderId());
        fields.put("firmware", vehicle.firmware());
        fields.put("reported", vehicle.defectReportDelayMillis() >= 0);
        return new GroundTruthRecord(GroundTruthRecord.FAULTS, fields);
    }

    private GroundTruthRecord defectTruth(Vehicle vehicle, long reportedAt, long leftLine) {
        long k = vehicle.index();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", plant.runId());
        fields.put("code", DEFECT_CODE);
        fields.put("vin", vehicle.vin());
        fields.put("work_order_id", vehicle.workOrderId());
        fields.put("firmware", vehicle.firmware());
        fields.put("fault_station_id", Plant.stationId(plant.steeringPosition()));
        fields.put("fault_start", schedule.arrival(k, plant.steeringPosition()));
        fields.put("fault_end", schedule.departure(k, plant.steeringPosition()));
        fields.put("left_line_at", leftLine);
        fields.put("reported_at", reportedAt);
        return new GroundTruthRecord(GroundTruthRecord.DEFECTS, fields);
    }
}
