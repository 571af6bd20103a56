package io.aegis.api.workorders;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.input.InvalidInputException;
import io.aegis.proto.v1.ApplyLevel4State;
import io.aegis.proto.v1.ArriveAtStation;
import io.aegis.proto.v1.CloseWorkOrder;
import io.aegis.proto.v1.CompleteWorkOrder;
import io.aegis.proto.v1.CorrectFirmware;
import io.aegis.proto.v1.CorrectStationVisit;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.FlashFirmware;
import io.aegis.proto.v1.HoldWorkOrder;
import io.aegis.proto.v1.LeaveStation;
import io.aegis.proto.v1.RecordOperation;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.ReportDefect;
import io.aegis.proto.v1.ResumeWorkOrder;
import io.aegis.proto.v1.RouteStep;
import io.aegis.proto.v1.VinPolicy;
import io.aegis.proto.v1.WorkOrderCommand;
import java.util.Set;

/**
 * Builds WorkOrderCommands from the snake_case JSON bodies of the MES routes. This class checks only presence and
 * JSON types. The business rules (VIN check digit, station tokens, state transitions) stay in the command side.
 */
final class CommandRequests {

    private static final String OCCURRED_AT = "occurred_at";

    private CommandRequests() {}

    /** Parses the body of POST /api/workorders/{id}/{action} (or /api/workorders for create) into the command. */
    static WorkOrderCommand.Builder parse(String action, JsonNode node) {
        WorkOrderCommand.Builder command = WorkOrderCommand.newBuilder();
        JsonBody body;
        switch (action) {
            case "create" -> {
                body = JsonBody.of(node, Set.of("work_order_id", "vin", "model", "route", "vin_policy", OCCURRED_AT));
                command.setWorkOrderId(body.text("work_order_id"));
                CreateWorkOrder.Builder create = CreateWorkOrder.newBuilder()
                        .setVin(body.requiredText("vin"))
                        .setModel(body.text("model"))
                        .setVinPolicy(vinPolicy(body));
                JsonNode route = body.node("route");
                if (route != null) {
                    if (!route.isArray()) {
                        throw new InvalidInputException("route", route, "must be an array of route steps");
                    }
                    for (JsonNode step : route) {
                        JsonBody stepBody = JsonBody.of(step, Set.of("station_id", "operation", "flashes_firmware"));
                        create.addRoute(RouteStep.newBuilder()
                                .setStationId(stepBody.requiredText("station_id"))
                                .setOperation(stepBody.text("operation"))
                                .setFlashesFirmware(stepBody.flag("flashes_firmware")));
                    }
                }
                command.setCreate(create);
            }
            case "release" -> {
                body = JsonBody.of(node, Set.of(OCCURRED_AT));
                command.setRelease(ReleaseWorkOrder.getDefaultInstance());
            }
            case "arrive" -> {
                body = JsonBody.of(node, Set.of("station_id", OCCURRED_AT));
                command.setArrive(ArriveAtStation.newBuilder().setStationId(body.requiredText("station_id")));
            }
            case "leave" -> {
                body = JsonBody.of(node, Set.of("station_id", OCCURRED_AT));
                command.setLeave(LeaveStation.newBuilder().setStationId(body.requiredText("station_id")));
            }
            case "firmware" -> {
                body = JsonBody.of(node, Set.of("station_id", "ecu", "version", "result", OCCURRED_AT));
                String result = body.text("result");
                command.setFlashFirmware(FlashFirmware.newBuilder()
                        .setStationId(body.requiredText("station_id"))
                        .setEcu(body.requiredText("ecu"))
                        .setVersion(body.requiredText("version"))
                        .setResult(result.isEmpty() ? "OK" : result));
            }
            case "operations" -> {
                body = JsonBody.of(node, Set.of("station_id", "operation", "result_id", "ok", OCCURRED_AT));
                command.setRecordOperation(RecordOperation.newBuilder()
                        .setStationId(body.requiredText("station_id"))
                        .setOperation(body.requiredText("operation"))
                        .setResultId(body.text("result_id"))
                        .setOk(body.flag("ok")));
            }
            case "defects" -> {
                body = JsonBody.of(
                        node, Set.of("code", "description", "detected_at", "source", "station_id", OCCURRED_AT));
                command.setReportDefect(ReportDefect.newBuilder()
                        .setCode(body.requiredText("code"))
                        .setDescription(body.text("description"))
                        .setDetectedAt(body.number("detected_at"))
                        .setSource(body.text("source"))
                        .setStationId(body.text("station_id")));
            }
            case "hold" -> {
                body = JsonBody.of(node, Set.of("reason", OCCURRED_AT));
                command.setHold(HoldWorkOrder.newBuilder().setReason(body.requiredText("reason")));
            }
            case "resume" -> {
                body = JsonBody.of(node, Set.of(OCCURRED_AT));
                command.setResume(ResumeWorkOrder.getDefaultInstance());
            }
            case "complete" -> {
                body = JsonBody.of(node, Set.of(OCCURRED_AT));
                command.setComplete(CompleteWorkOrder.getDefaultInstance());
            }
            case "close" -> {
                body = JsonBody.of(node, Set.of(OCCURRED_AT));
                command.setClose(CloseWorkOrder.getDefaultInstance());
            }
            case "corrections/station-visit" -> {
                body = JsonBody.of(
                        node, Set.of("corrects_event_id", "station_id", "arrived_at", "left_at", OCCURRED_AT));
                command.setCorrectStationVisit(CorrectStationVisit.newBuilder()
                        .setCorrectsEventId(body.requiredText("corrects_event_id"))
                        .setStationId(body.requiredText("station_id"))
                        .setArrivedAt(body.number("arrived_at"))
                        .setLeftAt(body.number("left_at")));
            }
            case "corrections/firmware" -> {
                body = JsonBody.of(node, Set.of("corrects_event_id", "station_id", "ecu", "version", OCCURRED_AT));
                command.setCorrectFirmware(CorrectFirmware.newBuilder()
                        .setCorrectsEventId(body.requiredText("corrects_event_id"))
                        .setStationId(body.requiredText("station_id"))
                        .setEcu(body.requiredText("ecu"))
                        .setVersion(body.requiredText("version")));
            }
            case "level4" -> {
                body = JsonBody.of(
                        node, Set.of("vin", "station_id", "ecu", "firmware", "model", "vin_policy", OCCURRED_AT));
                command.setApplyLevel4State(ApplyLevel4State.newBuilder()
                        .setVin(body.requiredText("vin"))
                        .setStationId(body.requiredText("station_id"))
                        .setEcu(body.text("ecu"))
                        .setFirmware(body.text("firmware"))
                        .setModel(body.text("model"))
                        .setVinPolicy(vinPolicy(body)));
            }
            default -> throw new InvalidInputException("action", action, "is not a work-order command");
        }
        return command.setOccurredAt(body.number(OCCURRED_AT));
    }

    private static VinPolicy vinPolicy(JsonBody body) {
        String policy = body.text("vin_policy");
        return switch (policy) {
            case "", "STRICT" -> VinPolicy.VIN_POLICY_STRICT;
            case "LENIENT" -> VinPolicy.VIN_POLICY_LENIENT;
            default -> throw new InvalidInputException("vin_policy", policy, "must be STRICT or LENIENT");
        };
    }
}
