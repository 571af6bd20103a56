package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.proto.v1.FirmwareFlashed;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.VehicleArrived;
import io.aegis.proto.v1.VehicleLeft;
import io.aegis.proto.v1.WorkOrderCreated;
import org.junit.jupiter.api.Test;

class StationOccupancyTest {

    private final StationOccupancy occupancy = new StationOccupancy();

    @Test
    void sampleJoinsVehicleOfItsTime() {
        occupancy.apply(arrived("wo-1", "VIN1", 1_000));
        occupancy.apply(left("wo-1", 2_000));
        occupancy.apply(arrived("wo-2", "VIN2", 2_000));

        assertThat(occupancy.at("5", 999)).isEqualTo(StationOccupancy.Context.UNKNOWN);
        assertThat(occupancy.at("5", 1_500).vin()).isEqualTo("VIN1");
        assertThat(occupancy.at("5", 2_000).vin()).isEqualTo("VIN2");
        assertThat(occupancy.at("5", 9_000).workOrderId()).isEqualTo("wo-2");
        assertThat(occupancy.at("6", 1_500)).isEqualTo(StationOccupancy.Context.UNKNOWN);
    }

    @Test
    void vinComesFromCreatedWhenArrivalLacksIt() {
        occupancy.apply(MesEvent.newBuilder()
                .setWorkOrderId("wo-1")
                .setCreated(WorkOrderCreated.newBuilder().setVin("VIN1"))
                .build());
        occupancy.apply(arrived("wo-1", "", 1_000));

        assertThat(occupancy.at("5", 1_500).vin()).isEqualTo("VIN1");
    }

    @Test
    void firmwareIsLatestOkFlashBeforeSample() {
        occupancy.apply(arrived("wo-1", "VIN1", 1_000));
        occupancy.apply(flashed("wo-1", 1_100, "v1", "OK"));
        occupancy.apply(flashed("wo-1", 1_200, "v2", "TIMEOUT"));
        occupancy.apply(flashed("wo-1", 1_300, "v3", "OK"));

        assertThat(occupancy.at("5", 1_050).firmware()).isEmpty();
        assertThat(occupancy.at("5", 1_250).firmware()).isEqualTo("v1");
        assertThat(occupancy.at("5", 1_300).firmware()).isEqualTo("v3");
    }

    private static MesEvent arrived(String workOrder, String vin, long at) {
        return MesEvent.newBuilder()
                .setWorkOrderId(workOrder)
                .setVin(vin)
                .setOccurredAt(at)
                .setArrived(VehicleArrived.newBuilder().setStationId("5"))
                .build();
    }

    private static MesEvent left(String workOrder, long at) {
        return MesEvent.newBuilder()
                .setWorkOrderId(workOrder)
                .setOccurredAt(at)
                .setLeft(VehicleLeft.newBuilder().setStationId("5"))
                .build();
    }

    private static MesEvent flashed(String workOrder, long at, String version, String result) {
        return MesEvent.newBuilder()
                .setWorkOrderId(workOrder)
                .setOccurredAt(at)
                .setFirmwareFlashed(FirmwareFlashed.newBuilder()
                        .setStationId("5")
                        .setEcu("EPS")
                        .setVersion(version)
                        .setResult(result))
                .build();
    }
}
