package io.aegis.commandside.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aegis.commandside.NatsProperties;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.WorkOrderCommand;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Serves work-order commands by core NATS request/reply on {@code <root>-rpc.workorder}: a protobuf
 * {@link WorkOrderCommand} in, a {@link CommandReply} out. Instances share the subject through the queue group
 * {@value #QUEUE_GROUP}. Commands run on a bounded pool so concurrent requests reach the database concurrently; when
 * the pool and its queue are full, the reply is a 503 problem.
 */
@Component
class CommandEndpoint implements SmartLifecycle {

    static final String QUEUE_GROUP = "command-side";

    private static final Logger log = LoggerFactory.getLogger(CommandEndpoint.class);
    private static final int WORKERS = 8;
    private static final int QUEUE_CAPACITY = 256;

    private final Connection connection;
    private final CommandService commands;
    private final String subject;
    private final ThreadPoolExecutor workers;
    private Dispatcher dispatcher;

    CommandEndpoint(Connection connection, CommandService commands, NatsProperties nats) {
        this.connection = connection;
        this.commands = commands;
        this.subject = nats.subjects().workOrderCommands();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                WORKERS,
                WORKERS,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                runnable -> new Thread(runnable, "command-" + threads.incrementAndGet()));
    }

    @Override
    public void start() {
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe(subject, QUEUE_GROUP, this::submit);
        log.info("[{}] serving work-order commands in queue group {}", subject, QUEUE_GROUP);
    }

    @Override
    public void stop() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
            dispatcher = null;
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("[{}] commands still running after 10 s at shutdown; their callers get no reply", subject);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("[{}] stopped serving work-order commands", subject);
    }

    @Override
    public boolean isRunning() {
        return dispatcher != null;
    }

    /** Starts after the event processors so the first command's events are published promptly. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void submit(Message request) {
        try {
            workers.execute(() -> handle(request));
        } catch (RejectedExecutionException e) {
            log.warn("[{}] command queue full ({} waiting), replying 503", subject, QUEUE_CAPACITY);
            respond(request, unavailable("the command side is busy; retry with the same idempotency key"));
        }
    }

    private void handle(Message request) {
        WorkOrderCommand command;
        try {
            command = WorkOrderCommand.parseFrom(request.getData());
        } catch (InvalidProtocolBufferException e) {
            respond(request, malformed(request, e));
            return;
        }
        respond(request, commands.execute(command));
    }

    private void respond(Message request, CommandReply reply) {
        if (request.getReplyTo() == null) {
            log.debug("[{}] command without reply subject, reply dropped", subject);
            return;
        }
        connection.publish(request.getReplyTo(), TelemetryCodec.headers(), reply.toByteArray());
    }

    private CommandReply malformed(Message request, InvalidProtocolBufferException e) {
        String rule = "must be a binary protobuf aegis.v1.WorkOrderCommand";
        return CommandReply.newBuilder()
                .setProblem(Problem.newBuilder()
                        .setStatus(400)
                        .setCode("MALFORMED_COMMAND")
                        .setTitle("Malformed command")
                        .setDetail("body of " + request.getData().length + " bytes " + rule + ": " + e.getMessage())
                        .setField("body")
                        .setValue(request.getData().length + " bytes")
                        .setRule(rule))
                .build();
    }

    private static CommandReply unavailable(String detail) {
        return CommandReply.newBuilder()
                .setProblem(Problem.newBuilder()
                        .setStatus(503)
                        .setCode("UNAVAILABLE")
                        .setTitle("Service unavailable")
                        .setDetail(detail))
                .build();
    }
}
