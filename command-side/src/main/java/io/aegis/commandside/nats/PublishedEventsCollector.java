package io.aegis.commandside.nats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Records the domain events a command applies, on the root unit of work, so the command's reply can list them
 * including those of nested commands.
 */
final class PublishedEventsCollector implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final String RESOURCE = PublishedEventsCollector.class.getName();

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        if (CurrentUnitOfWork.isStarted()) {
            List<DomainEventMessage<?>> published = publishedIn(CurrentUnitOfWork.get());
            for (EventMessage<?> message : messages) {
                if (message instanceof DomainEventMessage<?> domainEvent) {
                    published.add(domainEvent);
                }
            }
        }
        return (index, message) -> message;
    }

    /** Returns the events applied so far in the root of {@code unitOfWork}, in order. */
    static List<DomainEventMessage<?>> publishedIn(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getOrComputeResource(RESOURCE, key -> new ArrayList<>());
    }
}
