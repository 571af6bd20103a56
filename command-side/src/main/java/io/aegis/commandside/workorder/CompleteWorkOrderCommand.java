package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Completes a work order whose vehicle is at no station. Times are UTC epoch milliseconds. */
public record CompleteWorkOrderCommand(
        @TargetAggregateIdentifier String workOrderId, long occurredAt, long recordedAt) implements WorkOrderCommand {}
