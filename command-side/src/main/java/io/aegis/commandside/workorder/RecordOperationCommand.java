package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the result of an operation, for example a tightening, at the current station. Times are UTC epoch milliseconds. */
public record RecordOperationCommand(
        @TargetAggregateIdentifier String workOrderId,
        String stationId,
        String operation,
        String resultId,
        boolean ok,
        long occurredAt,
        long recordedAt)
        implements WorkOrderCommand {}
