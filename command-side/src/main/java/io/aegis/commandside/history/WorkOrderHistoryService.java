package io.aegis.commandside.history;

import io.aegis.commandside.publish.MesEvents;
import io.aegis.commandside.workorder.VinRegistry;
import io.aegis.commandside.workorder.WorkOrderEvent;
import io.aegis.contract.Subjects;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.WorkOrderHistory;
import io.aegis.proto.v1.WorkOrderHistoryReply;
import io.aegis.proto.v1.WorkOrderHistoryRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads the history of work orders from the event store: every stored event (upcast to the current revision) and
 * the state at a point in event time and in recorded time, computed by {@link WorkOrderHistoryFold}.
 */
@Service
public class WorkOrderHistoryService {

    private final EventStore eventStore;
    private final VinRegistry vins;
    private final JdbcTemplate jdbc;

    WorkOrderHistoryService(EventStore eventStore, VinRegistry vins, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.vins = vins;
        this.jdbc = jdbc;
    }

    public WorkOrderHistoryReply history(WorkOrderHistoryRequest request) {
        if (request.getAsOf() < 0 || request.getAsKnownAt() < 0) {
            return problem(
                    400,
                    "INVALID_TIMESTAMP",
                    "as_of",
                    request.getAsOf() + "/" + request.getAsKnownAt(),
                    "as_of and as_known_at must be UTC epoch milliseconds, or 0 for no limit");
        }
        List<String> workOrderIds;
        if (!request.getWorkOrderId().isEmpty()) {
            if (!Subjects.isToken(request.getWorkOrderId())) {
                return problem(
                        400,
                        "INVALID_IDENTIFIER",
                        "work_order_id",
                        request.getWorkOrderId(),
                        "must be 1 to 64 letters, digits, '-' or '_'");
            }
            workOrderIds = List.of(request.getWorkOrderId());
        } else if (!request.getVin().isBlank()) {
            String vin = request.getVin().strip().toUpperCase(Locale.ROOT);
            workOrderIds = vins.findWorkOrders(vin);
            if (workOrderIds.isEmpty()) {
                return problem(404, "VIN_NOT_FOUND", "vin", request.getVin(), "has no work order");
            }
        } else {
            return problem(400, "MISSING_FIELD", "work_order_id", "", "set work_order_id or vin");
        }
        WorkOrderHistoryReply.Builder reply = WorkOrderHistoryReply.newBuilder().setOk(true);
        for (String workOrderId : workOrderIds) {
            List<MesEvent> events = events(workOrderId);
            if (events.isEmpty()) {
                return problem(
                        404, "WORK_ORDER_NOT_FOUND", "work_order_id", workOrderId, "must name an existing work order");
            }
            reply.addWorkOrders(WorkOrderHistory.newBuilder()
                    .setWorkOrderId(workOrderId)
                    .setVin(events.get(0).getVin())
                    .addAllEvents(WorkOrderHistoryFold.known(events, request.getAsKnownAt()))
                    .setState(WorkOrderHistoryFold.fold(events, request.getAsOf(), request.getAsKnownAt())));
        }
        return reply.build();
    }

    /** Returns every event of the work order in aggregate order, or an empty list when it does not exist. */
    public List<MesEvent> events(String workOrderId) {
        Map<String, Long> globalIndexes = new HashMap<>();
        jdbc.query(
                "SELECT event_identifier, global_index FROM domain_event_entry WHERE aggregate_identifier = ?",
                row -> {
                    globalIndexes.put(row.getString(1), row.getLong(2));
                },
                workOrderId);
        List<MesEvent> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(workOrderId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof WorkOrderEvent) {
                long globalIndex = globalIndexes.getOrDefault(message.getIdentifier(), 0L);
                events.add(MesEvents.toMesEvent(message, globalIndex));
            }
        }
        return events;
    }

    private static WorkOrderHistoryReply problem(int status, String code, String field, String value, String rule) {
        return WorkOrderHistoryReply.newBuilder()
                .setProblem(Problem.newBuilder()
                        .setStatus(status)
                        .setCode(code)
                        .setTitle(status == 404 ? "Not found" : "Malformed request")
                        .setDetail(field + " '" + value + "' " + rule)
                        .setField(field)
                        .setValue(value)
                        .setRule(rule))
                .build();
    }
}
