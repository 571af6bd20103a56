package io.aegis.commandside.workorder;

/**
 * A work-order domain event. Every event carries the VIN so it can be published without the aggregate's state.
 * Metadata {@code issuedBy}, {@code correlationId} and {@code idempotencyKey} travel with the event message.
 */
public sealed interface WorkOrderEvent
        permits WorkOrderCreatedEvent,
                WorkOrderReleasedEvent,
                VehicleArrivedEvent,
                VehicleLeftEvent,
                FirmwareFlashedEvent,
                OperationRecordedEvent,
                DefectReportedEvent,
                WorkOrderHeldEvent,
                WorkOrderResumedEvent,
                WorkOrderCompletedEvent,
                WorkOrderClosedEvent,
                StationVisitCorrectedEvent,
                FirmwareCorrectedEvent {

    String workOrderId();

    String vin();

    /** When it happened on the shop floor (UTC epoch ms). */
    long occurredAt();

    /** When the command side recorded it (UTC epoch ms). */
    long recordedAt();
}
