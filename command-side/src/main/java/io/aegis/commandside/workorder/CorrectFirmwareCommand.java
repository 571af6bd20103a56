package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Corrects the station, ECU or version of an earlier firmware flash. Times are UTC epoch milliseconds. */
public record CorrectFirmwareCommand(
        @TargetAggregateIdentifier String workOrderId,
        String correctsEventId,
        String stationId,
        String ecu,
        String version,
        long occurredAt,
        long recordedAt)
        implements WorkOrderCommand {}
