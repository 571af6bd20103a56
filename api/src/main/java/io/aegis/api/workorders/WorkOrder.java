package io.aegis.api.workorders;

/** A work order as the MES event history in ClickHouse describes it now. */
public record WorkOrder(
        String id,
        String vin,
        String model,
        String state,
        String stationId,
        Long createdAt,
        Long lastEventAt,
        long lastSequence) {}
