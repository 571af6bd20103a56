package io.aegis.queryside;

import io.aegis.proto.v1.FirmwareCorrected;
import io.aegis.proto.v1.FirmwareFlashed;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.StationVisitCorrected;
import io.aegis.proto.v1.VehicleArrived;
import io.aegis.proto.v1.VehicleLeft;
import io.aegis.proto.v1.WorkOrderCreated;
import java.util.UUID;

/** Builds MES events for tests. */
final class MesEvents {

    private MesEvents() {}

    static MesEvent.Builder base(String workOrderId, String vin, long occurredAt) {
        return MesEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWorkOrderId(workOrderId)
                .setVin(vin)
                .setOccurredAt(occurredAt)
                .setRecordedAt(occurredAt);
    }

    static MesEvent created(String workOrderId, String vin, long at) {
        return base(workOrderId, vin, at)
                .setCreated(WorkOrderCreated.newBuilder().setVin(vin).setModel("test"))
                .build();
    }

    static MesEvent arrived(String workOrderId, String vin, String station, long at) {
        return base(workOrderId, vin, at)
                .setArrived(VehicleArrived.newBuilder().setStationId(station))
                .build();
    }

    static MesEvent left(String workOrderId, String vin, String station, long at) {
        return base(workOrderId, vin, at)
                .setLeft(VehicleLeft.newBuilder().setStationId(station))
                .build();
    }

    static MesEvent flashed(String workOrderId, String vin, String station, String ecu, String version, long at) {
        return base(workOrderId, vin, at)
                .setFirmwareFlashed(FirmwareFlashed.newBuilder()
                        .setStationId(station)
                        .setEcu(ecu)
                        .setVersion(version)
                        .setResult("OK"))
                .build();
    }

    static MesEvent visitCorrected(
            String workOrderId, String vin, String corrects, String station, long arrivedAt, long leftAt, long at) {
        return base(workOrderId, vin, at)
                .setCorrectsEventId(corrects)
                .setStationVisitCorrected(StationVisitCorrected.newBuilder()
                        .setStationId(station)
                        .setArrivedAt(arrivedAt)
                        .setLeftAt(leftAt))
                .build();
    }

    static MesEvent firmwareCorrected(
            String workOrderId, String vin, String corrects, String station, String ecu, String version, long at) {
        return base(workOrderId, vin, at)
                .setCorrectsEventId(corrects)
                .setFirmwareCorrected(FirmwareCorrected.newBuilder()
                        .setStationId(station)
                        .setEcu(ecu)
                        .setVersion(version))
                .build();
    }
}
