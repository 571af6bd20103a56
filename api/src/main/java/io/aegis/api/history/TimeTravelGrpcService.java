package io.aegis.api.history;

import io.aegis.api.alerts.Alert;
import io.aegis.api.history.HistoryTypes.Foresight;
import io.aegis.api.history.HistoryTypes.SampleWindow;
import io.aegis.api.history.HistoryTypes.StationVisit;
import io.aegis.api.history.HistoryTypes.WorkOrderAsOf;
import io.aegis.api.input.Inputs;
import io.aegis.api.input.InvalidInputException;
import io.aegis.api.stations.EcuFirmware;
import io.aegis.api.stations.StationQueries;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.EcuVersion;
import io.aegis.proto.v1.TimeTravelGrpc;
import io.aegis.proto.v1.TorquePoint;
import io.aegis.proto.v1.VinAtRequest;
import io.aegis.proto.v1.VinAtResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** gRPC form of the GraphQL {@code vinAt} query, with the same limits and the same ClickHouse reads. */
@Component
class TimeTravelGrpcService extends TimeTravelGrpc.TimeTravelImplBase {

    private final HistoryQueries queries;
    private final StationQueries stations;

    TimeTravelGrpcService(HistoryQueries queries, StationQueries stations) {
        this.queries = queries;
        this.stations = stations;
    }

    @Override
    public void vinAt(VinAtRequest request, StreamObserver<VinAtResponse> responseObserver) {
        String vin;
        long at;
        long window = request.getWindowMs() == 0 ? 60_000 : request.getWindowMs();
        int maxPoints;
        try {
            vin = Inputs.vin("vin", request.getVin());
            at = Inputs.instant("at", request.getAt());
            if (window < 0 || window > HistoryController.MAX_WINDOW_MS) {
                throw new InvalidInputException(
                        "window_ms", window, "must be between 0 and " + HistoryController.MAX_WINDOW_MS);
            }
            maxPoints = Inputs.range(
                    "max_points",
                    request.getMaxPoints() == 0 ? null : request.getMaxPoints(),
                    2000,
                    1,
                    HistoryController.MAX_POINTS);
        } catch (InvalidInputException e) {
            responseObserver.onError(
                    Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        Mono.zip(
                        queries.stationAt(vin, at).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        queries.workOrderAt(vin, at).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        stations.firmwareAsOf(vin, at),
                        queries.samples(vin, at - window, at + window, maxPoints),
                        queries.alertsBefore(vin, at),
                        queries.foresight(vin, at))
                .map(parts -> response(
                        vin,
                        at,
                        parts.getT1(),
                        parts.getT2(),
                        parts.getT3(),
                        parts.getT4(),
                        parts.getT5(),
                        parts.getT6()))
                .subscribe(
                        response -> {
                            responseObserver.onNext(response);
                            responseObserver.onCompleted();
                        },
                        error -> responseObserver.onError(Status.UNAVAILABLE
                                .withDescription(error.getMessage())
                                .asRuntimeException()));
    }

    private static VinAtResponse response(
            String vin,
            long at,
            Optional<StationVisit> visit,
            Optional<WorkOrderAsOf> workOrder,
            List<EcuFirmware> firmware,
            SampleWindow samples,
            List<Alert> alerts,
            Foresight foresight) {
        VinAtResponse.Builder response = VinAtResponse.newBuilder().setVin(vin).setAt(at);
        visit.ifPresent(station -> response.setStationId(station.stationId())
                .setWorkOrderId(station.workOrderId())
                .setArrivedAt(station.arrivedAt()));
        workOrder.ifPresent(order -> response.setWorkOrderState(order.state()).setWorkOrderId(order.workOrderId()));
        for (EcuFirmware ecu : firmware) {
            response.addFirmware(EcuVersion.newBuilder()
                    .setEcu(ecu.ecu())
                    .setVersion(ecu.version())
                    .setFlashedAt(ecu.flashedAt())
                    .setStationId(ecu.stationId() == null ? "" : ecu.stationId()));
        }
        response.setDownsampled(samples.downsampled()).setBucketMs(samples.bucketMs() == null ? 0 : samples.bucketMs());
        samples.points()
                .forEach(point -> response.addSamples(TorquePoint.newBuilder()
                        .setStationId(point.stationId())
                        .setTimestamp(point.timestamp())
                        .setTorque(point.torque())
                        .setMinTorque(point.minTorque())
                        .setMaxTorque(point.maxTorque())
                        .setCount(point.count())));
        alerts.forEach(alert -> response.addAlerts(toProto(alert)));
        if (foresight.defect() != null) {
            response.setDefectCode(foresight.defect().code())
                    .setDefectDetectedAt(foresight.defect().detectedAt());
        }
        if (foresight.firstAlert() != null) {
            response.setFirstAlertId(foresight.firstAlert().alertId()).setLeadTimeMs(foresight.leadTimeMs());
        }
        return response.setSawItComing(foresight.sawItComing()).build();
    }

    private static DefectAlert toProto(Alert alert) {
        return DefectAlert.newBuilder()
                .setAlertId(alert.alertId())
                .setStationId(alert.stationId())
                .setAnomalyScore(alert.anomalyScore())
                .setTriggerTorqueNm(alert.triggerTorqueNm())
                .setTimestamp(alert.timestamp())
                .setVin(alert.vin() == null ? "" : alert.vin())
                .setFirmware(alert.firmware() == null ? "" : alert.firmware())
                .setModelName(alert.modelName() == null ? "" : alert.modelName())
                .setModelVersion(alert.modelVersion() == null ? "" : alert.modelVersion())
                .setMergedSamples(alert.mergedSamples())
                .setFirstTimestamp(alert.firstTimestamp() == null ? 0 : alert.firstTimestamp())
                .setLastTimestamp(alert.lastTimestamp() == null ? 0 : alert.lastTimestamp())
                .setRaisedAt(alert.raisedAt() == null ? 0 : alert.raisedAt())
                .build();
    }
}
