package io.aegis.commandside.nats;

import io.aegis.commandside.workorder.WorkOrderRejectedException;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.WorkOrderCommand;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Executes protobuf work-order commands and turns every outcome, including rejections and failures, into a
 * {@link CommandReply}. Independent of the transport, so NATS and tests call it the same way.
 */
@Service
public class CommandService {

    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    private final CommandGateway commandGateway;
    private final Clock clock;
    private final MeterRegistry meters;

    CommandService(CommandGateway commandGateway, Clock clock, MeterRegistry meters) {
        this.commandGateway = commandGateway;
        this.clock = clock;
        this.meters = meters;
    }

    public CommandReply execute(WorkOrderCommand command) {
        CommandReply reply;
        try {
            reply = dispatch(command);
        } catch (WorkOrderRejectedException e) {
            reply = rejected(command, e);
        } catch (CommandExecutionException e) {
            reply = e.getCause() instanceof WorkOrderRejectedException rejection
                    ? rejected(command, rejection)
                    : failed(command, e);
        } catch (AggregateNotFoundException e) {
            reply = rejected(command, WorkOrderRejectedException.notFound("work_order_id", command.getWorkOrderId()));
        } catch (ConcurrencyException e) {
            reply = rejected(
                    command,
                    WorkOrderRejectedException.conflict(
                            "CONCURRENT_MODIFICATION",
                            "work_order_id",
                            command.getWorkOrderId(),
                            "was changed by another command at the same time; send the command again"));
        } catch (RuntimeException e) {
            reply = failed(command, e);
        }
        count(command, reply);
        return reply;
    }

    private CommandReply dispatch(WorkOrderCommand command) {
        long now = clock.millis();
        if (command.getOccurredAt() < 0) {
            throw WorkOrderRejectedException.malformed(
                    "INVALID_TIMESTAMP",
                    "occurred_at",
                    String.valueOf(command.getOccurredAt()),
                    "must be UTC epoch milliseconds, or 0 for now");
        }
        long occurredAt = command.getOccurredAt() == 0 ? now : command.getOccurredAt();
        String workOrderId = command.getWorkOrderId();
        if (workOrderId.isEmpty()) {
            if (!ProtoCommands.createsWorkOrder(command)) {
                throw WorkOrderRejectedException.malformed(
                        "MISSING_FIELD", "work_order_id", "", "is required for " + command.getCommandCase());
            }
            workOrderId = UUID.randomUUID().toString();
        }
        Object payload = ProtoCommands.toCommand(command, workOrderId, occurredAt, now);
        MetaData metadata = MetaData.from(Map.of(
                CommandMetadata.ISSUED_BY, command.getIssuedBy(),
                CommandMetadata.CORRELATION_ID, command.getCorrelationId(),
                CommandMetadata.IDEMPOTENCY_KEY, command.getIdempotencyKey(),
                CommandMetadata.FINGERPRINT, fingerprint(command)));
        return PendingReply.resolve(commandGateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(payload).andMetaData(metadata)));
    }

    /** SHA-256 over the command without its idempotency key, correlation id and issuer. */
    static String fingerprint(WorkOrderCommand command) {
        byte[] body = command.toBuilder()
                .clearIdempotencyKey()
                .clearCorrelationId()
                .clearIssuedBy()
                .build()
                .toByteArray();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static CommandReply rejected(WorkOrderCommand command, WorkOrderRejectedException e) {
        log.debug(
                "[command] {} on {} rejected: {}", command.getCommandCase(), command.getWorkOrderId(), e.getMessage());
        Problem problem = Problem.newBuilder()
                .setStatus(e.status().httpStatus())
                .setCode(e.code())
                .setTitle(title(e.status()))
                .setDetail(e.field() + " '" + e.value() + "' " + e.rule())
                .setField(e.field())
                .setValue(e.value())
                .setRule(e.rule())
                .setOccupantWorkOrderId(e.occupantWorkOrderId())
                .setOccupantVin(e.occupantVin())
                .setPosition(e.position())
                .setExpected(e.expected())
                .build();
        return CommandReply.newBuilder()
                .setOk(false)
                .setWorkOrderId(command.getWorkOrderId())
                .setProblem(problem)
                .build();
    }

    private static CommandReply failed(WorkOrderCommand command, Exception e) {
        log.warn(
                "[command] {} on {} failed, the caller may retry with the same idempotency key",
                command.getCommandCase(),
                command.getWorkOrderId(),
                e);
        Problem problem = Problem.newBuilder()
                .setStatus(503)
                .setCode("UNAVAILABLE")
                .setTitle("Service unavailable")
                .setDetail("the command failed: " + e.getMessage()
                        + "; retry with the same idempotency key, which never applies a command twice")
                .build();
        return CommandReply.newBuilder()
                .setOk(false)
                .setWorkOrderId(command.getWorkOrderId())
                .setProblem(problem)
                .build();
    }

    private static String title(WorkOrderRejectedException.Status status) {
        return switch (status) {
            case MALFORMED -> "Malformed command";
            case NOT_FOUND -> "Unknown work order";
            case CONFLICT -> "Conflict with the work order's state";
            case RULE_VIOLATION -> "Rule violation";
        };
    }

    private void count(WorkOrderCommand command, CommandReply reply) {
        String outcome = reply.getOk()
                ? (reply.getReplayed() ? "replayed" : "ok")
                : reply.getProblem().getCode();
        meters.counter(
                        "aegis.commandside.commands",
                        "command",
                        command.getCommandCase().name().toLowerCase(java.util.Locale.ROOT),
                        "outcome",
                        outcome)
                .increment();
    }
}
