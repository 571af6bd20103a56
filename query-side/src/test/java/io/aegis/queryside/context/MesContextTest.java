package io.aegis.queryside.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.proto.v1.FirmwareCorrected;
import io.aegis.proto.v1.FirmwareFlashed;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.StationVisitCorrected;
import io.aegis.proto.v1.VehicleArrived;
import io.aegis.proto.v1.VehicleLeft;
import io.aegis.proto.v1.WorkOrderCreated;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MesContextTest {

    private static final long T = 1_714_234_567_890L;
    private final AtomicInteger ids = new AtomicInteger();
    private final MesContext context = new MesContext(Duration.ofHours(24));

    @Test
    void lookupUsesStateAtSampleTime() {
        apply(arrived("wo-a", "VIN-A", "5", T));
        apply(left("wo-a", "5", T + 1_000));
        apply(arrived("wo-b", "VIN-B", "5", T + 1_000));
        apply(left("wo-b", "5", T + 2_000));

        assertThat(context.enrich("5", T - 1).status()).isEqualTo(EnrichmentStatus.NO_WORK_ORDER);
        assertThat(context.enrich("5", T).vin()).isEqualTo("VIN-A");
        assertThat(context.enrich("5", T + 999).vin()).isEqualTo("VIN-A");
        assertThat(context.enrich("5", T + 1_000).vin()).isEqualTo("VIN-B");
        assertThat(context.enrich("5", T + 2_000).status()).isEqualTo(EnrichmentStatus.NO_WORK_ORDER);
        assertThat(context.enrich("5", T + 1_500).status()).isEqualTo(EnrichmentStatus.JOINED);
        assertThat(context.enrich("5", T + 1_500).workOrderId()).isEqualTo("wo-b");
    }

    @Test
    void unknownStationIsPending() {
        apply(arrived("wo-a", "VIN-A", "5", T));

        assertThat(context.enrich("6", T).status()).isEqualTo(EnrichmentStatus.PENDING_MES);
        assertThat(context.enrich("6", T).vin()).isEmpty();
    }

    @Test
    void firmwareIsLatestOkFlashPerEcu() {
        apply(created("wo-a", "VIN-A", "CHECK_DIGIT_MISMATCH"));
        apply(arrived("wo-a", "VIN-A", "5", T));
        apply(flashed("wo-a", "5", "bcm", "v1", "OK", T + 100));
        apply(flashed("wo-a", "5", "eps", "v2.1.4", "OK", T + 200));
        apply(flashed("wo-a", "5", "bcm", "v3", "TIMEOUT", T + 300));

        assertThat(context.enrich("5", T + 50).firmware()).isEmpty();
        assertThat(context.enrich("5", T + 150).firmware()).isEqualTo("v1");
        Enrichment later = context.enrich("5", T + 400);
        assertThat(later.firmware()).isEqualTo("v2.1.4");
        assertThat(later.firmwareEcus()).isEqualTo("{\"bcm\":\"v1\",\"eps\":\"v2.1.4\"}");
        assertThat(later.vinFlags()).isEqualTo("CHECK_DIGIT_MISMATCH");
    }

    @Test
    void departureBeforeArrivalClosesVisit() {
        apply(left("wo-a", "5", T + 1_000));
        apply(arrived("wo-a", "VIN-A", "5", T));

        assertThat(context.enrich("5", T + 500).vin()).isEqualTo("VIN-A");
        assertThat(context.enrich("5", T + 1_000).status()).isEqualTo(EnrichmentStatus.NO_WORK_ORDER);
    }

    @Test
    void visitCorrectionMovesInterval() {
        MesEvent arrival = arrived("wo-a", "VIN-A", "5", T);
        apply(arrival);
        apply(left("wo-a", "5", T + 1_000));
        apply(arrived("wo-x", "VIN-X", "5", T + 5_000));

        MesContext.Applied applied = apply(MesEvent.newBuilder()
                .setEventId("fix-1")
                .setWorkOrderId("wo-a")
                .setOccurredAt(T + 6_000)
                .setCorrectsEventId(arrival.getEventId())
                .setStationVisitCorrected(StationVisitCorrected.newBuilder()
                        .setStationId("5")
                        .setArrivedAt(T + 2_000)
                        .setLeftAt(T + 3_000))
                .build());

        assertThat(context.enrich("5", T + 500).status()).isEqualTo(EnrichmentStatus.NO_WORK_ORDER);
        assertThat(context.enrich("5", T + 2_500).vin()).isEqualTo("VIN-A");
        assertThat(applied.visitsSuperseded())
                .singleElement()
                .extracting(Visit::arrivedAt)
                .isEqualTo(T);
        assertThat(applied.visitsWritten())
                .singleElement()
                .extracting(Visit::arrivedAt)
                .isEqualTo(T + 2_000);
        assertThat(applied.lateRanges()).singleElement().satisfies(range -> {
            assertThat(range.from()).isEqualTo(T);
            assertThat(range.to()).isEqualTo(T + 4_999);
        });
    }

    @Test
    void firmwareCorrectionReplacesVersion() {
        apply(arrived("wo-a", "VIN-A", "5", T));
        MesEvent flash = flashed("wo-a", "5", "bcm", "v1", "OK", T + 100);
        apply(flash);
        apply(left("wo-a", "5", T + 1_000));

        MesContext.Applied applied = apply(MesEvent.newBuilder()
                .setEventId("fix-2")
                .setWorkOrderId("wo-a")
                .setOccurredAt(T + 2_000)
                .setCorrectsEventId(flash.getEventId())
                .setFirmwareCorrected(FirmwareCorrected.newBuilder().setVersion("v1.1"))
                .build());

        assertThat(context.enrich("5", T + 500).firmware()).isEqualTo("v1.1");
        assertThat(applied.flashesWritten())
                .singleElement()
                .extracting(Flash::correctedBy)
                .isEqualTo("fix-2");
        assertThat(applied.lateRanges()).singleElement().satisfies(range -> {
            assertThat(range.from()).isEqualTo(T + 100);
            assertThat(range.to()).isEqualTo(T + 999);
        });
    }

    @Test
    void correctionOfUnknownEventIsCounted() {
        apply(MesEvent.newBuilder()
                .setEventId("fix-3")
                .setWorkOrderId("wo-a")
                .setOccurredAt(T)
                .setCorrectsEventId("never-seen")
                .setFirmwareCorrected(FirmwareCorrected.newBuilder().setVersion("v1.1"))
                .build());

        assertThat(context.unknownCorrections()).isEqualTo(1);
    }

    @Test
    void inOrderEventsHaveNoLateRanges() {
        MesContext.Applied first = apply(arrived("wo-a", "VIN-A", "5", T));
        MesContext.Applied second = apply(left("wo-a", "5", T + 1_000));

        assertThat(first.lateRanges()).isEmpty();
        assertThat(second.lateRanges()).isEmpty();
        assertThat(second.staleRanges()).isNotEmpty();
    }

    @Test
    void samplesBeforeRetainedHistoryAreTooOld() {
        MesContext shortMemory = new MesContext(Duration.ofMinutes(1));
        shortMemory.apply(arrived("wo-a", "VIN-A", "5", T), T);
        shortMemory.apply(left("wo-a", "5", T + 30_000), T + 30_000);
        shortMemory.apply(arrived("wo-b", "VIN-B", "5", T + 100_000), T + 100_000);

        assertThat(shortMemory.enrich("5", T + 10_000).status()).isEqualTo(EnrichmentStatus.UNJOINED_TOO_OLD);
        assertThat(shortMemory.enrich("5", T + 50_000).status()).isEqualTo(EnrichmentStatus.NO_WORK_ORDER);
        assertThat(shortMemory.enrich("5", T + 100_000).vin()).isEqualTo("VIN-B");
        assertThat(shortMemory.horizon("5")).isEqualTo(T + 30_000);
    }

    @Test
    void oldEventsPublishedNowAreRetained() {
        MesContext shortMemory = new MesContext(Duration.ofMinutes(1));
        long now = T + 86_400_000L * 900;
        shortMemory.apply(arrived("wo-a", "VIN-A", "5", T), now);
        shortMemory.apply(left("wo-a", "5", T + 30_000), now);
        shortMemory.apply(arrived("wo-b", "VIN-B", "6", now), now + 5_000);

        assertThat(shortMemory.enrich("5", T + 10_000).vin()).isEqualTo("VIN-A");
    }

    @Test
    void duplicateEventIsIgnored() {
        MesEvent arrival = arrived("wo-a", "VIN-A", "5", T);
        apply(arrival);

        assertThat(apply(arrival).duplicate()).isTrue();
        assertThat(context.visits("5")).hasSize(1);
    }

    private MesContext.Applied apply(MesEvent event) {
        return context.apply(event);
    }

    private MesEvent.Builder base(String workOrder, long at) {
        return MesEvent.newBuilder()
                .setEventId("e" + ids.incrementAndGet())
                .setWorkOrderId(workOrder)
                .setOccurredAt(at);
    }

    private MesEvent created(String workOrder, String vin, String flag) {
        return base(workOrder, T - 10_000)
                .setVin(vin)
                .setCreated(WorkOrderCreated.newBuilder().setVin(vin).addVinFlags(flag))
                .build();
    }

    private MesEvent arrived(String workOrder, String vin, String station, long at) {
        return base(workOrder, at)
                .setVin(vin)
                .setArrived(VehicleArrived.newBuilder().setStationId(station))
                .build();
    }

    private MesEvent left(String workOrder, String station, long at) {
        return base(workOrder, at)
                .setLeft(VehicleLeft.newBuilder().setStationId(station))
                .build();
    }

    private MesEvent flashed(String workOrder, String station, String ecu, String version, String result, long at) {
        return base(workOrder, at)
                .setFirmwareFlashed(FirmwareFlashed.newBuilder()
                        .setStationId(station)
                        .setEcu(ecu)
                        .setVersion(version)
                        .setResult(result))
                .build();
    }
}
