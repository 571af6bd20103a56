package io.aegis.api.workorders;

import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.Problem;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Turns CommandReplies into HTTP responses: a snake_case result on success, problem+json otherwise. */
public final class CommandReplies {

    private CommandReplies() {}

    static ResponseEntity<Object> toResponse(CommandReply reply, HttpStatus successStatus) {
        if (reply.getOk()) {
            return ResponseEntity.status(successStatus)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(success(reply));
        }
        return problem(reply);
    }

    static Map<String, Object> success(CommandReply reply) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("work_order_id", reply.getWorkOrderId());
        body.put("vin", reply.getVin());
        body.put("event_ids", reply.getEventIdsList());
        body.put("aggregate_sequence", reply.getAggregateSequence());
        body.put("vin_flags", reply.getVinFlagsList());
        body.put("replayed", reply.getReplayed());
        return body;
    }

    private static ResponseEntity<Object> problem(CommandReply reply) {
        Problem problem = reply.getProblem();
        int status = knownStatus(problem.getStatus());
        ProblemDetail detail = ProblemDetail.forStatus(status);
        detail.setTitle(
                problem.getTitle().isEmpty() ? HttpStatus.valueOf(status).getReasonPhrase() : problem.getTitle());
        detail.setDetail(problem.getDetail().isEmpty() ? null : problem.getDetail());
        if (!problem.getCode().isEmpty()) {
            detail.setType(URI.create("urn:aegis:problem:" + problem.getCode()));
        }
        putIfSet(detail, "code", problem.getCode());
        putIfSet(detail, "field", problem.getField());
        putIfSet(detail, "value", problem.getValue());
        putIfSet(detail, "rule", problem.getRule());
        putIfSet(detail, "occupant_work_order_id", problem.getOccupantWorkOrderId());
        putIfSet(detail, "occupant_vin", problem.getOccupantVin());
        putIfSet(detail, "expected", problem.getExpected());
        if (problem.getPosition() > 0) {
            detail.setProperty("position", problem.getPosition());
        }
        putIfSet(detail, "work_order_id", reply.getWorkOrderId());
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail);
    }

    /** Returns the problem status, treating anything but the 400, 404, 409, 422 or 503 the command side sends as 422. */
    private static int knownStatus(int status) {
        return switch (status) {
            case 400, 404, 409, 422, 503 -> status;
            default -> 422;
        };
    }

    private static void putIfSet(ProblemDetail detail, String name, String value) {
        if (value != null && !value.isEmpty()) {
            detail.setProperty(name, value);
        }
    }
}
