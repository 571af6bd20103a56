package io.aegis.api.stations;

import io.aegis.api.input.Inputs;
import io.aegis.api.telemetry.EnrichedSample;
import io.aegis.api.telemetry.TelemetryQueries;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * GraphQL fields of {@code Station}. Firmware and last samples are loaded in batches, so a page of stations costs one
 * query for the stations, one for all their firmware and one for all their last samples.
 */
@Controller
class StationController {

    static final String FIRMWARE_LOADER = "firmwareByVin";

    private final StationQueries stations;
    private final TelemetryQueries telemetry;

    StationController(StationQueries stations, TelemetryQueries telemetry, BatchLoaderRegistry registry) {
        this.stations = stations;
        this.telemetry = telemetry;
        registry.<String, List<EcuFirmware>>forName(FIRMWARE_LOADER)
                .registerMappedBatchLoader((vins, environment) -> stations.firmwareByVin(vins));
    }

    @QueryMapping
    Mono<List<Station>> stations() {
        return stations.stations();
    }

    @QueryMapping
    Mono<Station> station(@Argument String id) {
        return stations.station(Inputs.stationId("id", id));
    }

    @SchemaMapping(typeName = "Station")
    CompletableFuture<List<EcuFirmware>> firmwareEcus(
            Station station, DataLoader<String, List<EcuFirmware>> firmwareByVin) {
        if (station.vin() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return firmwareByVin.load(station.vin()).thenApply(list -> list == null ? List.of() : list);
    }

    /** The version most recently flashed into the current vehicle over all ECUs (the enrichment rule). */
    @SchemaMapping(typeName = "Station")
    CompletableFuture<String> firmware(Station station, DataLoader<String, List<EcuFirmware>> firmwareByVin) {
        return firmwareEcus(station, firmwareByVin)
                .thenApply(list -> list.isEmpty() ? null : list.get(0).version());
    }

    @BatchMapping(typeName = "Station")
    Mono<Map<Station, EnrichedSample>> lastSample(List<Station> page) {
        Set<String> ids = page.stream().map(Station::id).collect(Collectors.toSet());
        return telemetry
                .lastSamples(ids)
                .map(byStation -> page.stream()
                        .filter(station -> byStation.containsKey(station.id()))
                        .collect(Collectors.toMap(
                                station -> station, station -> byStation.get(station.id()), (a, b) -> a)));
    }
}
