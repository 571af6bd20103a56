package io.aegis.api.workorders;

/** Filters of the workOrders query; null fields are not applied. */
public record WorkOrderFilter(String state, String vin, String stationId, Long createdFrom, Long createdTo) {

    public static final WorkOrderFilter NONE = new WorkOrderFilter(null, null, null, null, null);
}
