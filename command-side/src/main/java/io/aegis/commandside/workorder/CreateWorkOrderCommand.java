package io.aegis.commandside.workorder;

import io.aegis.contract.vin.VinPolicy;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a work order in state planned. Times are UTC epoch milliseconds. */
public record CreateWorkOrderCommand(
        @TargetAggregateIdentifier String workOrderId,
        String vin,
        String model,
        String variant,
        List<RouteStep> route,
        VinPolicy vinPolicy,
        long occurredAt,
        long recordedAt)
        implements WorkOrderCommand {}
