package io.aegis.api.telemetry;

import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.clickhouse.Sql;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads enriched telemetry. Callers validate arguments first (see {@link io.aegis.api.input.Inputs}). */
@Component
public class TelemetryQueries {

    private final ClickHouseReader reader;

    TelemetryQueries(ClickHouseReader reader) {
        this.reader = reader;
    }

    /** Returns samples of {@code vin} with from <= timestamp < to, oldest first. */
    public Mono<List<EnrichedSample>> byVin(String vin, long from, long to, int limit) {
        Sql sql = Sql.of("SELECT " + EnrichedSample.COLUMNS + " FROM telemetry FINAL"
                        + " WHERE vin = :vin AND timestamp >= :from AND timestamp < :to"
                        + " ORDER BY timestamp, station_id, seq LIMIT :limit")
                .bind("vin", vin)
                .bind("from", from)
                .bind("to", to)
                .bind("limit", limit);
        return reader.query("telemetry-by-vin", sql)
                .map(rows -> rows.stream().map(EnrichedSample::fromRow).toList());
    }

    /** Returns the newest sample of each station in {@code stationIds} that has any. */
    public Mono<Map<String, EnrichedSample>> lastSamples(Collection<String> stationIds) {
        if (stationIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        Sql sql = Sql.of("SELECT " + EnrichedSample.COLUMNS + " FROM telemetry FINAL"
                        + " WHERE (station_id, timestamp) IN (SELECT station_id, max(timestamp) FROM telemetry"
                        + " WHERE station_id IN :stations GROUP BY station_id)"
                        + " ORDER BY station_id, seq DESC LIMIT 1 BY station_id")
                .bind("stations", stationIds);
        return reader.query("last-samples", sql)
                .map(rows -> rows.stream()
                        .map(EnrichedSample::fromRow)
                        .collect(Collectors.toMap(EnrichedSample::stationId, Function.identity())));
    }

    /** Runs a quality search; see {@link TelemetrySearch} for the SQL it builds. */
    public Mono<List<EnrichedSample>> search(TelemetrySearch search) {
        return reader.query("telemetry-search", search.toSql())
                .map(rows -> rows.stream().map(EnrichedSample::fromRow).toList());
    }
}
