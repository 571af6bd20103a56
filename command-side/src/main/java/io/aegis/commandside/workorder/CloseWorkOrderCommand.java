package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes a completed work order; it accepts no command afterwards. Times are UTC epoch milliseconds. */
public record CloseWorkOrderCommand(
        @TargetAggregateIdentifier String workOrderId, long occurredAt, long recordedAt) implements WorkOrderCommand {}
