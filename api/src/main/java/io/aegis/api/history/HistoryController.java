package io.aegis.api.history;

import io.aegis.api.alerts.Alert;
import io.aegis.api.history.HistoryTypes.Foresight;
import io.aegis.api.history.HistoryTypes.MesEvent;
import io.aegis.api.history.HistoryTypes.SampleWindow;
import io.aegis.api.history.HistoryTypes.Score;
import io.aegis.api.history.HistoryTypes.StationVisit;
import io.aegis.api.history.HistoryTypes.TighteningResult;
import io.aegis.api.history.HistoryTypes.VinSnapshot;
import io.aegis.api.history.HistoryTypes.WorkOrderAsOf;
import io.aegis.api.input.Inputs;
import io.aegis.api.input.InvalidInputException;
import io.aegis.api.stations.EcuFirmware;
import io.aegis.api.stations.StationQueries;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** GraphQL time travel: one VIN at one instant, and work-order event history. */
@Controller
class HistoryController {

    /** Widest half-window around the instant: 1 hour. */
    static final long MAX_WINDOW_MS = 3_600_000;

    static final int MAX_POINTS = 10_000;

    private final HistoryQueries queries;
    private final StationQueries stations;

    HistoryController(HistoryQueries queries, StationQueries stations) {
        this.queries = queries;
        this.stations = stations;
    }

    @QueryMapping
    VinSnapshot vinAt(@Argument String vin, @Argument Long at, @Argument Long windowMs, @Argument Integer maxPoints) {
        long window = windowMs == null ? 60_000 : windowMs;
        if (window < 0 || window > MAX_WINDOW_MS) {
            throw new InvalidInputException("windowMs", window, "must be between 0 and " + MAX_WINDOW_MS);
        }
        String checkedVin = Inputs.vin("vin", vin);
        long instant = Inputs.instant("at", at);
        return new VinSnapshot(
                checkedVin,
                instant,
                window,
                Inputs.range("maxPoints", maxPoints, 2000, 1, MAX_POINTS),
                queries.visitSpans(checkedVin, instant - window, instant + window)
                        .cache());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<StationVisit> station(VinSnapshot snapshot) {
        return queries.stationAt(snapshot.vin(), snapshot.at());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<WorkOrderAsOf> workOrder(VinSnapshot snapshot) {
        return queries.workOrderAt(snapshot.vin(), snapshot.at());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<List<EcuFirmware>> firmware(VinSnapshot snapshot) {
        return stations.firmwareAsOf(snapshot.vin(), snapshot.at());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<SampleWindow> samples(VinSnapshot snapshot) {
        return queries.samples(
                snapshot.vin(),
                snapshot.at() - snapshot.windowMs(),
                snapshot.at() + snapshot.windowMs(),
                snapshot.maxPoints(),
                snapshot.windowVisits());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<List<TighteningResult>> tighteningResults(VinSnapshot snapshot) {
        return queries.tighteningResults(snapshot.vin(), snapshot.windowVisits());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<List<Score>> scores(VinSnapshot snapshot) {
        return queries.scoresBefore(snapshot.vin(), snapshot.at());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<List<Alert>> alerts(VinSnapshot snapshot) {
        return queries.alertsBefore(snapshot.vin(), snapshot.at());
    }

    @SchemaMapping(typeName = "VinSnapshot")
    Mono<Foresight> foresight(VinSnapshot snapshot) {
        return queries.foresight(snapshot.vin(), snapshot.at());
    }

    @QueryMapping
    Mono<List<MesEvent>> workOrderEvents(
            @Argument String workOrderId, @Argument Long occurredBefore, @Argument Long knownAt) {
        return queries.events(
                Inputs.workOrderId("workOrderId", workOrderId),
                occurredBefore == null ? null : Inputs.instant("occurredBefore", occurredBefore),
                knownAt == null ? null : Inputs.instant("knownAt", knownAt));
    }
}
