package io.aegis.commandside.workorder;

import java.util.List;

/** A work order was created in state planned. */
public record WorkOrderCreatedEvent(
        String workOrderId,
        String vin,
        String model,
        String variant,
        List<RouteStep> route,
        List<String> vinFlags,
        long occurredAt,
        long recordedAt)
        implements WorkOrderEvent {}
