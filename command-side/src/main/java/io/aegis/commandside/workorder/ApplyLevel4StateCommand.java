package io.aegis.commandside.workorder;

import io.aegis.contract.vin.VinPolicy;

/**
 * A Level-4 snapshot "VIN V is at station S with firmware F". {@code workOrderId} names the work order to create
 * when the VIN has no open one; blank ECU and firmware mean the snapshot says nothing about firmware.
 */
public record ApplyLevel4StateCommand(
        String workOrderId,
        String vin,
        String stationId,
        String ecu,
        String firmware,
        String model,
        VinPolicy vinPolicy,
        long occurredAt,
        long recordedAt) {}
