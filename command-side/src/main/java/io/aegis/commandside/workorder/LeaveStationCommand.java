package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the vehicle left the station it is at. Times are UTC epoch milliseconds. */
public record LeaveStationCommand(
        @TargetAggregateIdentifier String workOrderId, String stationId, long occurredAt, long recordedAt)
        implements WorkOrderCommand {}
