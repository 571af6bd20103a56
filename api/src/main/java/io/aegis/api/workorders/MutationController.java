package io.aegis.api.workorders;

import graphql.GraphQLContext;
import io.aegis.api.input.InvalidInputException;
import io.aegis.api.security.GraphQlAccess;
import io.aegis.proto.v1.ApplyLevel4State;
import io.aegis.proto.v1.ArriveAtStation;
import io.aegis.proto.v1.CloseWorkOrder;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.CompleteWorkOrder;
import io.aegis.proto.v1.CorrectFirmware;
import io.aegis.proto.v1.CorrectStationVisit;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.FlashFirmware;
import io.aegis.proto.v1.HoldWorkOrder;
import io.aegis.proto.v1.LeaveStation;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.RecordOperation;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.ReportDefect;
import io.aegis.proto.v1.ResumeWorkOrder;
import io.aegis.proto.v1.RouteStep;
import io.aegis.proto.v1.VinPolicy;
import io.aegis.proto.v1.WorkOrderCommand;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * GraphQL mutations for the MES commands, sent through the same NATS command path as the JSON routes. Rejections
 * and an unavailable command side come back as a result with {@code ok: false} and a problem, never as a GraphQL
 * error, so clients handle them in one place.
 */
@Controller
class MutationController {

    private final CommandGateway gateway;

    MutationController(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** GraphQL CommandResult. */
    record CommandResult(
            boolean ok,
            String workOrderId,
            String vin,
            List<String> eventIds,
            Long aggregateSequence,
            List<String> vinFlags,
            boolean replayed,
            Problem problem) {}

    @MutationMapping
    Mono<CommandResult> createWorkOrder(
            @Argument String idempotencyKey, @Argument Map<String, Object> input, GraphQLContext context) {
        CreateWorkOrder.Builder create = CreateWorkOrder.newBuilder()
                .setVin(text(input, "vin"))
                .setModel(text(input, "model"))
                .setVinPolicy(vinPolicy(input));
        Object route = input.get("route");
        if (route instanceof List<?> steps) {
            for (Object step : steps) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) step;
                create.addRoute(RouteStep.newBuilder()
                        .setStationId(text(fields, "stationId"))
                        .setOperation(text(fields, "operation"))
                        .setFlashesFirmware(Boolean.TRUE.equals(fields.get("flashesFirmware"))));
            }
        }
        return send(command(idempotencyKey, text(input, "workOrderId"), input.get("occurredAt"), context)
                .setCreate(create));
    }

    @MutationMapping
    Mono<CommandResult> releaseWorkOrder(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setRelease(ReleaseWorkOrder.getDefaultInstance()));
    }

    @MutationMapping
    Mono<CommandResult> arriveAtStation(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument String stationId,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setArrive(ArriveAtStation.newBuilder().setStationId(stationId)));
    }

    @MutationMapping
    Mono<CommandResult> leaveStation(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument String stationId,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setLeave(LeaveStation.newBuilder().setStationId(stationId)));
    }

    @MutationMapping
    Mono<CommandResult> flashFirmware(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Map<String, Object> input,
            GraphQLContext context) {
        String result = text(input, "result");
        return send(command(idempotencyKey, workOrderId, input.get("occurredAt"), context)
                .setFlashFirmware(FlashFirmware.newBuilder()
                        .setStationId(text(input, "stationId"))
                        .setEcu(text(input, "ecu"))
                        .setVersion(text(input, "version"))
                        .setResult(result.isEmpty() ? "OK" : result)));
    }

    @MutationMapping
    Mono<CommandResult> recordOperation(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Map<String, Object> input,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, input.get("occurredAt"), context)
                .setRecordOperation(RecordOperation.newBuilder()
                        .setStationId(text(input, "stationId"))
                        .setOperation(text(input, "operation"))
                        .setResultId(text(input, "resultId"))
                        .setOk(Boolean.TRUE.equals(input.get("ok")))));
    }

    @MutationMapping
    Mono<CommandResult> reportDefect(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Map<String, Object> input,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, input.get("occurredAt"), context)
                .setReportDefect(ReportDefect.newBuilder()
                        .setCode(text(input, "code"))
                        .setDescription(text(input, "description"))
                        .setDetectedAt(number(input.get("detectedAt")))
                        .setSource(text(input, "source"))
                        .setStationId(text(input, "stationId"))));
    }

    @MutationMapping
    Mono<CommandResult> holdWorkOrder(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument String reason,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setHold(HoldWorkOrder.newBuilder().setReason(reason)));
    }

    @MutationMapping
    Mono<CommandResult> resumeWorkOrder(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setResume(ResumeWorkOrder.getDefaultInstance()));
    }

    @MutationMapping
    Mono<CommandResult> completeWorkOrder(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setComplete(CompleteWorkOrder.getDefaultInstance()));
    }

    @MutationMapping
    Mono<CommandResult> closeWorkOrder(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Long occurredAt,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, occurredAt, context)
                .setClose(CloseWorkOrder.getDefaultInstance()));
    }

    @MutationMapping
    Mono<CommandResult> correctStationVisit(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Map<String, Object> input,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, input.get("occurredAt"), context)
                .setCorrectStationVisit(CorrectStationVisit.newBuilder()
                        .setCorrectsEventId(text(input, "correctsEventId"))
                        .setStationId(text(input, "stationId"))
                        .setArrivedAt(number(input.get("arrivedAt")))
                        .setLeftAt(number(input.get("leftAt")))));
    }

    @MutationMapping
    Mono<CommandResult> correctFirmware(
            @Argument String idempotencyKey,
            @Argument String workOrderId,
            @Argument Map<String, Object> input,
            GraphQLContext context) {
        return send(command(idempotencyKey, workOrderId, input.get("occurredAt"), context)
                .setCorrectFirmware(CorrectFirmware.newBuilder()
                        .setCorrectsEventId(text(input, "correctsEventId"))
                        .setStationId(text(input, "stationId"))
                        .setEcu(text(input, "ecu"))
                        .setVersion(text(input, "version"))));
    }

    @MutationMapping
    Mono<CommandResult> applyLevel4State(
            @Argument String idempotencyKey, @Argument Map<String, Object> input, GraphQLContext context) {
        return send(command(idempotencyKey, "", input.get("occurredAt"), context)
                .setApplyLevel4State(ApplyLevel4State.newBuilder()
                        .setVin(text(input, "vin"))
                        .setStationId(text(input, "stationId"))
                        .setEcu(text(input, "ecu"))
                        .setFirmware(text(input, "firmware"))
                        .setModel(text(input, "model"))
                        .setVinPolicy(vinPolicy(input))));
    }

    private static WorkOrderCommand.Builder command(
            String idempotencyKey, String workOrderId, Object occurredAt, GraphQLContext context) {
        return WorkOrderCommand.newBuilder()
                .setIdempotencyKey(WorkOrderRoutes.idempotencyKey(idempotencyKey))
                .setWorkOrderId(workOrderId == null ? "" : workOrderId)
                .setOccurredAt(number(occurredAt))
                .setIssuedBy(GraphQlAccess.caller(context))
                .setCorrelationId(UUID.randomUUID().toString());
    }

    private Mono<CommandResult> send(WorkOrderCommand.Builder command) {
        return gateway.execute(command.build())
                .map(MutationController::result)
                .onErrorResume(CommandUnavailableException.class, error -> Mono.just(unavailable(error)));
    }

    private static CommandResult result(CommandReply reply) {
        return new CommandResult(
                reply.getOk(),
                reply.getWorkOrderId().isEmpty() ? null : reply.getWorkOrderId(),
                reply.getVin().isEmpty() ? null : reply.getVin(),
                reply.getEventIdsList(),
                reply.getAggregateSequence(),
                reply.getVinFlagsList(),
                reply.getReplayed(),
                reply.getOk() ? null : reply.getProblem());
    }

    private static CommandResult unavailable(CommandUnavailableException error) {
        Problem problem = Problem.newBuilder()
                .setStatus(503)
                .setCode("COMMAND_SIDE_UNAVAILABLE")
                .setTitle("Command side unavailable")
                .setDetail(error.getMessage())
                .build();
        return new CommandResult(false, null, null, List.of(), null, List.of(), false, problem);
    }

    private static String text(Map<String, Object> input, String field) {
        Object value = input.get(field);
        return value == null ? "" : value.toString();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static VinPolicy vinPolicy(Map<String, Object> input) {
        Object policy = input.get("vinPolicy");
        if (policy == null || "STRICT".equals(policy.toString())) {
            return VinPolicy.VIN_POLICY_STRICT;
        }
        if ("LENIENT".equals(policy.toString())) {
            return VinPolicy.VIN_POLICY_LENIENT;
        }
        throw new InvalidInputException("vinPolicy", policy, "must be STRICT or LENIENT");
    }
}
