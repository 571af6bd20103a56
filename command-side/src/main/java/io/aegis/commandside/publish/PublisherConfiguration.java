package io.aegis.commandside.publish;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublisherConfiguration {

    /**
     * Rethrows publish failures to the processor instead of logging and skipping the event (Axon's default), so the
     * token stays before the event until JetStream acknowledges it.
     */
    @Autowired
    void configure(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(
                MesEventPublisher.PROCESSOR, configuration -> PropagatingErrorHandler.instance());
    }
}
