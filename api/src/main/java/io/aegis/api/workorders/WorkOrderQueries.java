package io.aegis.api.workorders;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.clickhouse.Rows;
import io.aegis.api.clickhouse.Sql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads work orders from the MES event history (mes_events). State, current station and times are aggregated from
 * the events in one query; the newest state-changing event decides the state.
 */
@Component
public class WorkOrderQueries {

    /** Aggregates of one work order; the aliases differ from column names so no alias shadows a column. */
    private static final String AGGREGATES = "SELECT work_order_id AS id,"
            + " argMax(vin, aggregate_sequence) AS wo_vin,"
            + " anyIf(visitParamExtractString(payload_json, 'model'), lower(event_type) = 'created') AS wo_model,"
            + " minIf(occurred_at, lower(event_type) = 'created') AS wo_created_at,"
            + " max(occurred_at) AS wo_last_event_at,"
            + " max(aggregate_sequence) AS wo_last_sequence,"
            + " argMaxIf(lower(event_type), aggregate_sequence, lower(event_type) IN " + WorkOrderState.STATE_EVENTS
            + ") AS wo_state_event,"
            + " argMaxIf(lower(event_type), aggregate_sequence, lower(event_type) IN ('arrived', 'left'))"
            + " AS wo_station_event,"
            + " argMaxIf(station_id, aggregate_sequence, lower(event_type) IN ('arrived', 'left')) AS wo_station"
            + " FROM mes_events FINAL";

    private final ClickHouseReader reader;

    WorkOrderQueries(ClickHouseReader reader) {
        this.reader = reader;
    }

    /** Returns the work orders with these ids that have any event, keyed by id. */
    public Mono<Map<String, WorkOrder>> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        Sql sql = Sql.of(AGGREGATES + " WHERE work_order_id IN :ids GROUP BY work_order_id")
                .bind("ids", ids);
        return reader.query("work-orders-by-id", sql)
                .map(rows -> rows.stream()
                        .map(WorkOrderQueries::workOrder)
                        .collect(Collectors.toMap(WorkOrder::id, order -> order, (a, b) -> a, LinkedHashMap::new)));
    }

    /**
     * Returns one page of work orders, newest created first, after the cursor position, with one extra row so the
     * caller can tell whether another page follows.
     */
    public Mono<List<WorkOrder>> page(WorkOrderFilter filter, WorkOrderCursor after, int size) {
        List<String> having = new ArrayList<>();
        if (filter.state() != null) {
            having.add("wo_state_event IN " + WorkOrderState.eventsFor(filter.state()));
        }
        if (filter.vin() != null) {
            having.add("wo_vin = :vin");
        }
        if (filter.stationId() != null) {
            having.add("wo_station_event = 'arrived' AND wo_station = :station");
        }
        if (filter.createdFrom() != null) {
            having.add("wo_created_at >= :createdFrom");
        }
        if (filter.createdTo() != null) {
            having.add("wo_created_at < :createdTo");
        }
        if (after != null) {
            having.add("(wo_created_at < :afterCreated OR (wo_created_at = :afterCreated AND id < :afterId))");
        }

        String text = AGGREGATES + " GROUP BY work_order_id"
                + (having.isEmpty() ? "" : " HAVING " + String.join(" AND ", having))
                + " ORDER BY wo_created_at DESC, id DESC LIMIT :limit";

        Sql sql = Sql.of(text).bind("limit", size + 1);
        bindIfPresent(sql, "vin", filter.vin());
        bindIfPresent(sql, "station", filter.stationId());
        bindIfPresent(sql, "createdFrom", filter.createdFrom());
        bindIfPresent(sql, "createdTo", filter.createdTo());
        if (after != null) {
            sql.bind("afterCreated", after.createdAt()).bind("afterId", after.workOrderId());
        }

        return reader.query("work-orders-page", sql)
                .map(rows -> rows.stream().map(WorkOrderQueries::workOrder).toList());
    }

    /** Returns the defects of these work orders, oldest first, keyed by work order id. */
    public Mono<Map<String, List<Defect>>> defects(Collection<String> workOrderIds) {
        if (workOrderIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        Sql sql = Sql.of("SELECT " + Defect.COLUMNS + " FROM defects FINAL WHERE work_order_id IN :ids"
                        + " ORDER BY detected_at, event_id")
                .bind("ids", workOrderIds);
        return reader.query("defects-by-work-order", sql)
                .map(rows -> rows.stream()
                        .map(Defect::fromRow)
                        .collect(Collectors.groupingBy(Defect::workOrderId, LinkedHashMap::new, Collectors.toList())));
    }

    private static void bindIfPresent(Sql sql, String name, Object value) {
        if (value != null) {
            sql.bind(name, value);
        }
    }

    static WorkOrder workOrder(JsonNode row) {
        boolean atStation = "arrived".equals(Rows.text(row, "wo_station_event"));
        return new WorkOrder(
                Rows.textOrEmpty(row, "id"),
                Rows.textOrEmpty(row, "wo_vin"),
                Rows.text(row, "wo_model"),
                WorkOrderState.fromEvent(Rows.text(row, "wo_state_event")),
                atStation ? Rows.text(row, "wo_station") : null,
                Rows.optionalNumber(row, "wo_created_at"),
                Rows.optionalNumber(row, "wo_last_event_at"),
                Rows.number(row, "wo_last_sequence"));
    }
}
