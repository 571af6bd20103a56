package io.aegis.api.workorders;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.input.Inputs;
import io.aegis.api.input.InvalidInputException;
import io.aegis.proto.v1.WorkOrderCommand;
import java.security.Principal;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** MES JSON routes. Each request becomes one WorkOrderCommand sent through {@link CommandGateway}. */
@RestController
class WorkOrderRoutes {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CORRELATION_ID = "X-Correlation-ID";

    /** Visible ASCII without spaces, so a key can be logged and stored as it is. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final CommandGateway gateway;

    WorkOrderRoutes(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @PostMapping(path = "/api/workorders", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> create(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
            @RequestBody(required = false) JsonNode body,
            Mono<Principal> principal) {
        return send("create", null, key, correlationId, body, principal, HttpStatus.CREATED);
    }

    @PostMapping(
            path = {
                "/api/workorders/{id}/{action:release|arrive|leave|firmware|operations|defects|hold|resume|complete|close}"
            },
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> act(
            @PathVariable String id,
            @PathVariable String action,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
            @RequestBody(required = false) JsonNode body,
            Mono<Principal> principal) {
        return send(action, id, key, correlationId, body, principal, HttpStatus.OK);
    }

    @PostMapping(
            path = "/api/workorders/{id}/corrections/{kind:station-visit|firmware}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> correct(
            @PathVariable String id,
            @PathVariable String kind,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
            @RequestBody(required = false) JsonNode body,
            Mono<Principal> principal) {
        return send("corrections/" + kind, id, key, correlationId, body, principal, HttpStatus.OK);
    }

    /** Applies a legacy Level-4 snapshot ("VIN V at station S with firmware F"). */
    @PostMapping(path = "/api/level4/state", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> level4(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
            @RequestBody(required = false) JsonNode body,
            Mono<Principal> principal) {
        return send("level4", null, key, correlationId, body, principal, HttpStatus.OK);
    }

    private Mono<ResponseEntity<Object>> send(
            String action,
            String workOrderId,
            String key,
            String correlationId,
            JsonNode body,
            Mono<Principal> principal,
            HttpStatus successStatus) {
        WorkOrderCommand.Builder command = CommandRequests.parse(action, body)
                .setIdempotencyKey(idempotencyKey(key))
                .setCorrelationId(correlationId == null ? UUID.randomUUID().toString() : correlationId);
        if (workOrderId != null) {
            command.setWorkOrderId(Inputs.workOrderId("id", workOrderId));
        }
        return principal
                .map(Principal::getName)
                .defaultIfEmpty("anonymous")
                .flatMap(issuer -> gateway.execute(command.setIssuedBy(issuer).build()))
                .map(reply -> CommandReplies.toResponse(reply, successStatus));
    }

    static String idempotencyKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException(
                    IDEMPOTENCY_KEY, "", "header is required on every write; send a unique value per command");
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException(
                    IDEMPOTENCY_KEY, key, "must be 1 to 128 visible ASCII characters without spaces");
        }
        return key;
    }
}
