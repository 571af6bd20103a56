package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Resumes a work order that is on hold. Times are UTC epoch milliseconds. */
public record ResumeWorkOrderCommand(
        @TargetAggregateIdentifier String workOrderId, long occurredAt, long recordedAt) implements WorkOrderCommand {}
