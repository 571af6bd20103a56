package io.aegis.commandside.nats;

import io.aegis.commandside.workorder.Level4Outcome;
import io.aegis.commandside.workorder.WorkOrderCommand;
import io.aegis.commandside.workorder.WorkOrderCreatedEvent;
import io.aegis.commandside.workorder.WorkOrderEvent;
import io.aegis.commandside.workorder.WorkOrderRejectedException;
import io.aegis.proto.v1.CommandReply;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Turns the outcome of a top-level command into a {@link CommandReply} and enforces idempotency: the first command
 * with a key stores its reply in the same transaction as its events; a repeat gets that reply back, marked as
 * replayed, and changes nothing. Nested commands (those a handler sends) pass through unchanged.
 */
final class CommandReplyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyStore store;

    CommandReplyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!unitOfWork.isRoot()) {
            return chain.proceed();
        }
        CommandMessage<?> command = unitOfWork.getMessage();
        String key = metadata(command, CommandMetadata.IDEMPOTENCY_KEY);
        String fingerprint = metadata(command, CommandMetadata.FINGERPRINT);
        if (!key.isEmpty()) {
            Optional<IdempotencyStore.StoredCommand> earlier = store.claim(key, fingerprint);
            if (earlier.isPresent()) {
                return replay(key, fingerprint, earlier.get());
            }
        }
        Object result = chain.proceed();
        // Axon intercepts and stores the applied events in the prepare-commit phase. This handler is registered
        // after the event bus's own, so the events are known when it runs, and it still runs inside the transaction.
        PendingReply pending = new PendingReply();
        unitOfWork.onPrepareCommit(committing -> {
            CommandReply reply = reply(command, result, PublishedEventsCollector.publishedIn(committing));
            if (!key.isEmpty()) {
                store.complete(key, reply.getWorkOrderId(), reply);
            }
            pending.complete(reply);
        });
        return pending;
    }

    private static CommandReply replay(String key, String fingerprint, IdempotencyStore.StoredCommand earlier) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw WorkOrderRejectedException.ruleViolation(
                    "IDEMPOTENCY_KEY_REUSED",
                    "idempotency_key",
                    key,
                    "was already used for a different command; send a new key for a new command");
        }
        return earlier.reply().toBuilder().setReplayed(true).build();
    }

    static CommandReply reply(CommandMessage<?> command, Object result, List<DomainEventMessage<?>> events) {
        CommandReply.Builder reply = CommandReply.newBuilder().setOk(true);
        if (command.getPayload() instanceof WorkOrderCommand workOrderCommand) {
            reply.setWorkOrderId(workOrderCommand.workOrderId());
        }
        if (result instanceof Level4Outcome outcome) {
            reply.setWorkOrderId(outcome.workOrderId()).setVin(outcome.vin());
        }
        for (DomainEventMessage<?> event : events) {
            reply.addEventIds(event.getIdentifier());
            reply.setAggregateSequence(event.getSequenceNumber());
            reply.setWorkOrderId(event.getAggregateIdentifier());
            if (event.getPayload() instanceof WorkOrderEvent workOrderEvent) {
                reply.setVin(workOrderEvent.vin());
            }
            if (event.getPayload() instanceof WorkOrderCreatedEvent created) {
                reply.addAllVinFlags(created.vinFlags());
            }
        }
        return reply.build();
    }

    private static String metadata(CommandMessage<?> command, String key) {
        Object value = command.getMetaData().get(key);
        return value == null ? "" : value.toString();
    }
}
