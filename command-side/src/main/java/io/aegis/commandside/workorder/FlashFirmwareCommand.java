package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records a firmware flash of one ECU at the current station. Times are UTC epoch milliseconds. */
public record FlashFirmwareCommand(
        @TargetAggregateIdentifier String workOrderId,
        String stationId,
        String ecu,
        String version,
        String result,
        long occurredAt,
        long recordedAt)
        implements WorkOrderCommand {}
