package io.aegis.api.workorders;

import io.aegis.api.input.Inputs;
import io.aegis.api.input.InvalidInputException;
import io.aegis.api.stations.EcuFirmware;
import io.aegis.api.stations.Station;
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
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** GraphQL queries over work orders, with batched loading of their firmware, defects and station links. */
@Controller
class WorkOrderController {

    static final int MAX_PAGE = 200;

    /** One page of work orders. */
    record WorkOrderConnection(List<WorkOrderEdge> edges, PageInfo pageInfo) {}

    record WorkOrderEdge(String cursor, WorkOrder node) {}

    record PageInfo(boolean hasNextPage, String endCursor) {}

    private final WorkOrderQueries queries;

    WorkOrderController(WorkOrderQueries queries) {
        this.queries = queries;
    }

    @QueryMapping
    Mono<WorkOrderConnection> workOrders(
            @Argument Map<String, Object> filter, @Argument Integer first, @Argument String after) {
        int size = Inputs.range("first", first, 50, 1, MAX_PAGE);
        WorkOrderCursor cursor = after == null ? null : WorkOrderCursor.decode("after", after);
        return queries.page(filter(filter), cursor, size).map(rows -> {
            List<WorkOrder> page = rows.size() > size ? rows.subList(0, size) : rows;
            List<WorkOrderEdge> edges = page.stream()
                    .map(order -> new WorkOrderEdge(cursorOf(order), order))
                    .toList();
            String endCursor =
                    edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
            return new WorkOrderConnection(edges, new PageInfo(rows.size() > size, endCursor));
        });
    }

    @QueryMapping
    Mono<WorkOrder> workOrder(@Argument String id) {
        String checked = Inputs.workOrderId("id", id);
        return queries.byIds(List.of(checked)).flatMap(found -> Mono.justOrEmpty(found.get(checked)));
    }

    @SchemaMapping(typeName = "WorkOrder")
    CompletableFuture<List<EcuFirmware>> firmware(
            WorkOrder order, DataLoader<String, List<EcuFirmware>> firmwareByVin) {
        if (order.vin().isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return firmwareByVin.load(order.vin()).thenApply(list -> list == null ? List.of() : list);
    }

    @BatchMapping(typeName = "WorkOrder")
    Mono<Map<WorkOrder, List<Defect>>> defects(List<WorkOrder> orders) {
        Set<String> ids = orders.stream().map(WorkOrder::id).collect(Collectors.toSet());
        return queries.defects(ids)
                .map(byId -> orders.stream()
                        .collect(Collectors.toMap(
                                order -> order, order -> byId.getOrDefault(order.id(), List.of()), (a, b) -> a)));
    }

    @BatchMapping(typeName = "Station", field = "workOrder")
    Mono<Map<Station, WorkOrder>> stationWorkOrder(List<Station> stations) {
        Set<String> ids = stations.stream()
                .map(Station::workOrderId)
                .filter(id -> id != null)
                .collect(Collectors.toSet());
        return queries.byIds(ids)
                .map(byId -> stations.stream()
                        .filter(station -> station.workOrderId() != null && byId.containsKey(station.workOrderId()))
                        .collect(Collectors.toMap(
                                station -> station, station -> byId.get(station.workOrderId()), (a, b) -> a)));
    }

    private static String cursorOf(WorkOrder order) {
        return new WorkOrderCursor(order.createdAt() == null ? 0 : order.createdAt(), order.id()).encode();
    }

    private static WorkOrderFilter filter(Map<String, Object> input) {
        if (input == null) {
            return WorkOrderFilter.NONE;
        }
        Object state = input.get("state");
        Object vin = input.get("vin");
        Object station = input.get("stationId");
        return new WorkOrderFilter(
                state == null ? null : state.toString(),
                vin == null ? null : Inputs.vin("filter.vin", vin.toString()),
                station == null ? null : Inputs.stationId("filter.stationId", station.toString()),
                instant("filter.createdFrom", input.get("createdFrom")),
                instant("filter.createdTo", input.get("createdTo")));
    }

    private static Long instant(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new InvalidInputException(field, value, "must be UTC epoch milliseconds");
        }
        return Inputs.instant(field, number.longValue());
    }
}
