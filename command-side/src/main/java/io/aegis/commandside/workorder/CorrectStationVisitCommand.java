package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Corrects the station or times of an earlier visit, named by its arrival or departure event. Times are UTC epoch milliseconds. */
public record CorrectStationVisitCommand(
        @TargetAggregateIdentifier String workOrderId,
        String correctsEventId,
        String stationId,
        long arrivedAt,
        long leftAt,
        long occurredAt,
        long recordedAt)
        implements WorkOrderCommand {}
