package io.aegis.commandside.workorder;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkOrderConfiguration {

    /** Snapshots a work order every {@code aegis.workorder.snapshot-threshold} events. */
    @Bean
    SnapshotTriggerDefinition workOrderSnapshotTrigger(
            Snapshotter snapshotter, @Value("${aegis.workorder.snapshot-threshold}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
