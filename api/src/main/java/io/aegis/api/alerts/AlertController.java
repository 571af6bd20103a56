package io.aegis.api.alerts;

import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.clickhouse.Sql;
import io.aegis.api.input.Inputs;
import java.util.ArrayList;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** GraphQL query over stored alerts; the live feed is the SSE stream. */
@Controller
class AlertController {

    static final int MAX_LIMIT = 500;

    private final ClickHouseReader reader;

    AlertController(ClickHouseReader reader) {
        this.reader = reader;
    }

    @QueryMapping
    Mono<List<Alert>> recentAlerts(@Argument String stationId, @Argument Long since, @Argument Integer limit) {
        List<String> conditions = new ArrayList<>();
        if (stationId != null) {
            Inputs.stationId("stationId", stationId);
            conditions.add("station_id = :station");
        }
        if (since != null) {
            Inputs.instant("since", since);
            conditions.add("timestamp >= :since");
        }
        Sql sql = Sql.of("SELECT " + Alert.COLUMNS + " FROM alerts FINAL"
                        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                        + " ORDER BY timestamp DESC, alert_id LIMIT :limit")
                .bind("limit", Inputs.range("limit", limit, 50, 1, MAX_LIMIT));
        if (stationId != null) {
            sql.bind("station", stationId);
        }
        if (since != null) {
            sql.bind("since", since);
        }
        return reader.query("recent-alerts", sql)
                .map(rows -> rows.stream().map(Alert::fromRow).toList());
    }
}
