package io.aegis.commandside.workorder;

import org.axonframework.serialization.Revision;

/**
 * Firmware was flashed onto one ECU. Revision 2 names the version {@code version} and adds the flashing tool's
 * {@code result}; {@link io.aegis.commandside.store.FirmwareFlashedUpcaster} converts revision 1 events.
 */
@Revision("2")
public record FirmwareFlashedEvent(
        String workOrderId,
        String vin,
        String stationId,
        String ecu,
        String version,
        String result,
        long occurredAt,
        long recordedAt)
        implements WorkOrderEvent {}
