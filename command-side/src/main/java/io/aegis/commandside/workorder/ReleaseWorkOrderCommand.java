package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Releases a planned work order to the line. Times are UTC epoch milliseconds. */
public record ReleaseWorkOrderCommand(
        @TargetAggregateIdentifier String workOrderId, long occurredAt, long recordedAt) implements WorkOrderCommand {}
