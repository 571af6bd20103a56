package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts a released or running work order on hold. Times are UTC epoch milliseconds. */
public record HoldWorkOrderCommand(
        @TargetAggregateIdentifier String workOrderId, String reason, long occurredAt, long recordedAt)
        implements WorkOrderCommand {}
