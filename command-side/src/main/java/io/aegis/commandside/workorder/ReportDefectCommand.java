package io.aegis.commandside.workorder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reports a defect found on the vehicle. Times are UTC epoch milliseconds. */
public record ReportDefectCommand(
        @TargetAggregateIdentifier String workOrderId,
        String code,
        String description,
        long detectedAt,
        String source,
        String stationId,
        long occurredAt,
        long recordedAt)
        implements WorkOrderCommand {}
