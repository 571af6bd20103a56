package io.aegis.api.workorders;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aegis.api.nats.NatsProperties;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.WorkOrderCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends work-order commands to the command side by core NATS request/reply. JSON routes, GraphQL mutations and gRPC
 * all use this one path, so a command behaves the same whichever way it arrives.
 */
@Component
public class CommandGateway {

    private static final Logger log = LoggerFactory.getLogger(CommandGateway.class);

    private final Connection connection;
    private final NatsProperties properties;
    private final MeterRegistry registry;

    CommandGateway(Connection connection, NatsProperties properties, MeterRegistry registry) {
        this.connection = connection;
        this.properties = properties;
        this.registry = registry;
    }

    /**
     * Sends {@code command} and returns the command side's reply, which may carry a problem.
     *
     * @return a Mono that fails with {@link CommandUnavailableException} when no command side replies in time
     */
    public Mono<CommandReply> execute(WorkOrderCommand command) {
        String subject = properties.subjects().workOrderCommands();
        Headers headers = new Headers().put("Content-Type", "application/protobuf");
        String kind = command.getCommandCase().name().toLowerCase();
        return Mono.defer(() -> Mono.fromFuture(connection.requestWithTimeout(
                        subject, headers, command.toByteArray(), properties.requestTimeout())))
                .onErrorMap(error -> unavailable(subject, command, error))
                .map(CommandGateway::parse)
                .doOnNext(reply -> registry.counter(
                                "aegis.api.commands", "command", kind, "outcome", reply.getOk() ? "ok" : "rejected")
                        .increment())
                .doOnError(
                        CommandUnavailableException.class,
                        error -> registry.counter("aegis.api.commands", "command", kind, "outcome", "unavailable")
                                .increment());
    }

    private static CommandReply parse(Message reply) {
        try {
            return CommandReply.parseFrom(reply.getData());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "command side sent a reply that is not a CommandReply (" + reply.getData().length + " bytes)", e);
        }
    }

    private Throwable unavailable(String subject, WorkOrderCommand command, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message;
        if (cause instanceof TimeoutException
                || (cause instanceof CancellationException
                        && String.valueOf(cause.getMessage()).contains("time"))) {
            message = "the command side did not reply within "
                    + properties.requestTimeout().toMillis() + " ms on " + subject
                    + "; the command may still be applied, so retry with the same Idempotency-Key";
        } else if (String.valueOf(cause.getMessage()).toLowerCase().contains("responders")
                || cause instanceof CancellationException) {
            message = "no command side is listening on " + subject + "; start command-side and retry";
        } else {
            message = "sending the command on " + subject + " failed: " + cause.getMessage() + "; retry later";
        }
        log.warn(
                "[command] {} for work order {} got no reply, the caller gets 503: {}",
                command.getCommandCase(),
                command.getWorkOrderId(),
                cause.toString());
        return new CommandUnavailableException(message, cause);
    }
}
