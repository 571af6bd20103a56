package io.aegis.commandside.publish;

import io.aegis.commandside.workorder.DefectReportedEvent;
import io.aegis.commandside.workorder.FirmwareCorrectedEvent;
import io.aegis.commandside.workorder.FirmwareFlashedEvent;
import io.aegis.commandside.workorder.OperationRecordedEvent;
import io.aegis.commandside.workorder.RouteStep;
import io.aegis.commandside.workorder.StationVisitCorrectedEvent;
import io.aegis.commandside.workorder.VehicleArrivedEvent;
import io.aegis.commandside.workorder.VehicleLeftEvent;
import io.aegis.commandside.workorder.WorkOrderClosedEvent;
import io.aegis.commandside.workorder.WorkOrderCompletedEvent;
import io.aegis.commandside.workorder.WorkOrderCreatedEvent;
import io.aegis.commandside.workorder.WorkOrderEvent;
import io.aegis.commandside.workorder.WorkOrderHeldEvent;
import io.aegis.commandside.workorder.WorkOrderReleasedEvent;
import io.aegis.commandside.workorder.WorkOrderResumedEvent;
import io.aegis.proto.v1.DefectReported;
import io.aegis.proto.v1.FirmwareCorrected;
import io.aegis.proto.v1.FirmwareFlashed;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.OperationRecorded;
import io.aegis.proto.v1.StationVisitCorrected;
import io.aegis.proto.v1.VehicleArrived;
import io.aegis.proto.v1.VehicleLeft;
import io.aegis.proto.v1.WorkOrderClosed;
import io.aegis.proto.v1.WorkOrderCompleted;
import io.aegis.proto.v1.WorkOrderCreated;
import io.aegis.proto.v1.WorkOrderHeld;
import io.aegis.proto.v1.WorkOrderReleased;
import io.aegis.proto.v1.WorkOrderResumed;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;

/** Converts stored work-order events into the {@link MesEvent} wire form. */
public final class MesEvents {

    private MesEvents() {}

    /** Converts one stored event; {@code globalIndex} is its position in the event store, 0 when unknown. */
    public static MesEvent toMesEvent(DomainEventMessage<?> message, long globalIndex) {
        WorkOrderEvent event = (WorkOrderEvent) message.getPayload();
        MesEvent.Builder mes = MesEvent.newBuilder()
                .setEventId(message.getIdentifier())
                .setWorkOrderId(event.workOrderId())
                .setVin(event.vin())
                .setAggregateSequence(message.getSequenceNumber())
                .setOccurredAt(event.occurredAt())
                .setRecordedAt(event.recordedAt())
                .setIssuedBy(text(message.getMetaData(), "issuedBy"))
                .setCorrelationId(text(message.getMetaData(), "correlationId"))
                .setGlobalIndex(globalIndex);
        setPayload(mes, event);
        return mes.build();
    }

    private static void setPayload(MesEvent.Builder mes, WorkOrderEvent event) {
        if (event instanceof WorkOrderCreatedEvent e) {
            mes.setCreated(WorkOrderCreated.newBuilder()
                    .setVin(e.vin())
                    .setModel(e.model())
                    .setVariant(e.variant())
                    .addAllRoute(e.route().stream().map(MesEvents::routeStep).toList())
                    .addAllVinFlags(e.vinFlags()));
        } else if (event instanceof WorkOrderReleasedEvent) {
            mes.setReleased(WorkOrderReleased.getDefaultInstance());
        } else if (event instanceof VehicleArrivedEvent e) {
            mes.setArrived(VehicleArrived.newBuilder().setStationId(e.stationId()));
        } else if (event instanceof VehicleLeftEvent e) {
            mes.setLeft(VehicleLeft.newBuilder().setStationId(e.stationId()));
        } else if (event instanceof FirmwareFlashedEvent e) {
            mes.setFirmwareFlashed(FirmwareFlashed.newBuilder()
                    .setStationId(e.stationId())
                    .setEcu(e.ecu())
                    .setVersion(e.version())
                    .setResult(e.result()));
        } else if (event instanceof OperationRecordedEvent e) {
            mes.setOperationRecorded(OperationRecorded.newBuilder()
                    .setStationId(e.stationId())
                    .setOperation(e.operation())
                    .setResultId(e.resultId())
                    .setOk(e.ok()));
        } else if (event instanceof DefectReportedEvent e) {
            mes.setDefectReported(DefectReported.newBuilder()
                    .setCode(e.code())
                    .setDescription(e.description())
                    .setDetectedAt(e.detectedAt())
                    .setSource(e.source())
                    .setStationId(e.stationId()));
        } else if (event instanceof WorkOrderHeldEvent e) {
            mes.setHeld(WorkOrderHeld.newBuilder().setReason(e.reason()));
        } else if (event instanceof WorkOrderResumedEvent) {
            mes.setResumed(WorkOrderResumed.getDefaultInstance());
        } else if (event instanceof WorkOrderCompletedEvent) {
            mes.setCompleted(WorkOrderCompleted.getDefaultInstance());
        } else if (event instanceof WorkOrderClosedEvent) {
            mes.setClosed(WorkOrderClosed.getDefaultInstance());
        } else if (event instanceof StationVisitCorrectedEvent e) {
            mes.setCorrectsEventId(e.correctsEventId())
                    .setStationVisitCorrected(StationVisitCorrected.newBuilder()
                            .setStationId(e.stationId())
                            .setArrivedAt(e.arrivedAt())
                            .setLeftAt(e.leftAt()));
        } else if (event instanceof FirmwareCorrectedEvent e) {
            mes.setCorrectsEventId(e.correctsEventId())
                    .setFirmwareCorrected(FirmwareCorrected.newBuilder()
                            .setStationId(e.stationId())
                            .setEcu(e.ecu())
                            .setVersion(e.version()));
        }
    }

    private static io.aegis.proto.v1.RouteStep routeStep(RouteStep step) {
        return io.aegis.proto.v1.RouteStep.newBuilder()
                .setStationId(step.stationId())
                .setOperation(step.operation() == null ? "" : step.operation())
                .setFlashesFirmware(step.flashesFirmware())
                .build();
    }

    private static String text(MetaData metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? "" : value.toString();
    }
}
