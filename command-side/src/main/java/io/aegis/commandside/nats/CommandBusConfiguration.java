package io.aegis.commandside.nats;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandBusConfiguration {

    /** Copies the MES metadata of each command onto the events it produces, including those of nested commands. */
    @Bean
    static CorrelationDataProvider mesMetadataProvider() {
        return new SimpleCorrelationDataProvider(
                CommandMetadata.ISSUED_BY, CommandMetadata.CORRELATION_ID, CommandMetadata.IDEMPOTENCY_KEY);
    }

    @Autowired
    void registerInterceptors(CommandBus commandBus, EventStore eventStore, IdempotencyStore idempotencyStore) {
        eventStore.registerDispatchInterceptor(new PublishedEventsCollector());
        commandBus.registerHandlerInterceptor(new CommandReplyInterceptor(idempotencyStore));
    }
}
