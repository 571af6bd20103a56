package io.aegis.commandside.publish;

import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Up when the MES publisher runs and every segment it has claimed has caught up with the event store without error.
 */
@Component("mesPublisher")
class MesPublisherHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    MesPublisherHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Optional<PooledStreamingEventProcessor> processor =
                processing.eventProcessor(MesEventPublisher.PROCESSOR, PooledStreamingEventProcessor.class);
        if (processor.isEmpty() || !processor.get().isRunning()) {
            return Health.down()
                    .withDetail("processor", MesEventPublisher.PROCESSOR + " is not running")
                    .build();
        }
        Map<Integer, EventTrackerStatus> segments = processor.get().processingStatus();
        long caughtUp = segments.values().stream()
                .filter(status -> status.isCaughtUp() && !status.isErrorState())
                .count();
        Health.Builder health = caughtUp == segments.size() ? Health.up() : Health.down();
        segments.forEach((segment, status) -> health.withDetail(
                "segment " + segment,
                status.isErrorState()
                        ? "error: " + status.getError()
                        : status.isCaughtUp() ? "caught up" : "replaying"));
        return health.withDetail("claimedSegments", segments.size()).build();
    }
}
