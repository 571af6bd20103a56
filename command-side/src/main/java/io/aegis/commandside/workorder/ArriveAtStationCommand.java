package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the vehicle arrived at a station. Times are UTC epoch milliseconds. */
public record ArriveAtStationCommand(
        @TargetAggregateIdentifier String workOrderId, String stationId, long occurredAt, long recordedAt)
        implements WorkOrderCommand {}
