package io.aegis.api.telemetry;

import io.aegis.api.input.Inputs;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** GraphQL queries over enriched telemetry. */
@Controller
class TelemetryController {

    /** Widest time range one request may scan: 31 days. */
    static final long MAX_RANGE_MS = 31L * 24 * 3600 * 1000;

    static final int MAX_LIMIT = 10_000;

    private final TelemetryQueries queries;

    TelemetryController(TelemetryQueries queries) {
        this.queries = queries;
    }

    @QueryMapping
    Mono<List<EnrichedSample>> telemetry(
            @Argument String vin, @Argument Long from, @Argument Long to, @Argument Integer limit) {
        String checkedVin = Inputs.vin("vin", vin);
        long start = Inputs.instant("from", from);
        long end = Inputs.instant("to", to);
        Inputs.timeRange(start, end, MAX_RANGE_MS);
        return queries.byVin(checkedVin, start, end, Inputs.range("limit", limit, 1000, 1, MAX_LIMIT));
    }

    @QueryMapping
    Mono<List<EnrichedSample>> telemetrySearch(@Argument Map<String, Object> filter, @Argument Integer limit) {
        long start = Inputs.instant("filter.from", asLong(filter.get("from")));
        long end = Inputs.instant("filter.to", asLong(filter.get("to")));
        Inputs.timeRange(start, end, MAX_RANGE_MS);
        TelemetrySearch search = new TelemetrySearch(
                start,
                end,
                optional(filter, "vin", value -> Inputs.vin("filter.vin", value)),
                optional(filter, "stationId", value -> Inputs.stationId("filter.stationId", value)),
                optional(filter, "firmware", value -> Inputs.firmware("filter.firmware", value)),
                optional(filter, "builtWithFirmware", value -> Inputs.firmware("filter.builtWithFirmware", value)),
                torque(filter, "minTorque"),
                torque(filter, "maxTorque"),
                optional(filter, "laterDefectCode", value -> Inputs.code("filter.laterDefectCode", value)),
                Inputs.range("limit", limit, 1000, 1, MAX_LIMIT));
        return queries.search(search);
    }

    private static String optional(
            Map<String, Object> filter, String key, java.util.function.UnaryOperator<String> check) {
        Object value = filter.get(key);
        return value == null ? null : check.apply(value.toString());
    }

    private static Double torque(Map<String, Object> filter, String key) {
        Object value = filter.get(key);
        return value == null ? null : Inputs.torque("filter." + key, ((Number) value).doubleValue());
    }

    private static Long asLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
