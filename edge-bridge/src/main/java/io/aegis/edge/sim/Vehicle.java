package io.aegis.edge.sim;

/**
 * One simulated vehicle and what fate the seed gave it.
 *
 * @param index position in the production order, from 0
 * @param firmware version flashed at the flashing station
 * @param steeringFault whether its tightenings at the steering station go wrong
 * @param defectReportDelayMillis delay after the vehicle leaves the line until the plant reports the defect, or -1
 *     when the fault is never reported
 */
record Vehicle(
        long index,
        String vin,
        String workOrderId,
        String firmware,
        boolean steeringFault,
        long defectReportDelayMillis) {}
