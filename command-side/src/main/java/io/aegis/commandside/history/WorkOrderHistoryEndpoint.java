package io.aegis.commandside.history;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aegis.commandside.NatsProperties;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.WorkOrderHistoryReply;
import io.aegis.proto.v1.WorkOrderHistoryRequest;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Serves work-order history by core NATS request/reply on {@code <root>-rpc.workorder.history}: a protobuf
 * {@link WorkOrderHistoryRequest} in, a {@link WorkOrderHistoryReply} out. Read-only, so requests run on the NATS
 * dispatcher thread, one at a time per instance.
 */
@Component
class WorkOrderHistoryEndpoint implements SmartLifecycle {

    static final String QUEUE_GROUP = "command-side-history";

    private static final Logger log = LoggerFactory.getLogger(WorkOrderHistoryEndpoint.class);

    private final Connection connection;
    private final WorkOrderHistoryService history;
    private final String subject;
    private Dispatcher dispatcher;

    WorkOrderHistoryEndpoint(Connection connection, WorkOrderHistoryService history, NatsProperties nats) {
        this.connection = connection;
        this.history = history;
        this.subject = nats.subjects().workOrderHistory();
    }

    @Override
    public void start() {
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe(subject, QUEUE_GROUP, this::handle);
        log.info("[{}] serving work-order history in queue group {}", subject, QUEUE_GROUP);
    }

    @Override
    public void stop() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
            dispatcher = null;
            log.info("[{}] stopped serving work-order history", subject);
        }
    }

    @Override
    public boolean isRunning() {
        return dispatcher != null;
    }

    private void handle(Message request) {
        if (request.getReplyTo() == null) {
            return;
        }
        WorkOrderHistoryReply reply;
        try {
            reply = history.history(WorkOrderHistoryRequest.parseFrom(request.getData()));
        } catch (InvalidProtocolBufferException e) {
            reply = failure(
                    400,
                    "MALFORMED_REQUEST",
                    "body is not a binary protobuf WorkOrderHistoryRequest: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("[{}] history request failed, replying 503", subject, e);
            reply = failure(503, "UNAVAILABLE", "history could not be read: " + e.getMessage());
        }
        connection.publish(request.getReplyTo(), TelemetryCodec.headers(), reply.toByteArray());
    }

    private static WorkOrderHistoryReply failure(int status, String code, String detail) {
        return WorkOrderHistoryReply.newBuilder()
                .setProblem(Problem.newBuilder()
                        .setStatus(status)
                        .setCode(code)
                        .setTitle(status == 400 ? "Malformed request" : "Service unavailable")
                        .setDetail(detail))
                .build();
    }
}
