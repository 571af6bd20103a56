package io.aegis.edge.mes;

import io.aegis.contract.Subjects;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.WorkOrderCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends work-order commands by core NATS request/reply, one at a time and in the order they were submitted, so a
 * vehicle's create, release, arrive and leave reach the command side in order.
 *
 * <p>A request without a reply (timeout, no responders, disconnected) is repeated with the same idempotency key up to
 * {@code maxAttempts} times, and the command side returns its stored reply for a repeat. Outcomes are counted in
 * {@code aegis.edge.mes.commands} with tag {@code outcome}: {@code ok}, {@code replayed}, {@code rejected} (the command
 * side replied with a problem) or {@code failed} (no reply after every attempt).
 */
@Component
public class MesCommandClient {

    private static final Logger log = LoggerFactory.getLogger(MesCommandClient.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String SIMULATOR = "edge-simulator";
    private static final String STATION_OCCUPIED = "STATION_OCCUPIED";

    private final Connection connection;
    private final String subject;
    private final MesProperties properties;
    private final MeterRegistry registry;
    private final BlockingQueue<WorkOrderCommand> queue;
    private final Thread worker;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;
    private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;
    private long suppressedFailures;

    MesCommandClient(Connection connection, Subjects subjects, MesProperties properties, MeterRegistry registry) {
        this.connection = connection;
        this.subject = subjects.workOrderCommands();
        this.properties = properties;
        this.registry = registry;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        for (String outcome : new String[] {"ok", "replayed", "rejected", "failed"}) {
            registry.counter("aegis.edge.mes.commands", "outcome", outcome);
        }
        this.worker = new Thread(this::sendLoop, "mes-command-sender");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a command, blocking while the queue is full. */
    public void submit(WorkOrderCommand command) throws InterruptedException {
        queue.put(command);
    }

    private void sendLoop() {
        while (!stopping || !queue.isEmpty()) {
            WorkOrderCommand command;
            try {
                command = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (command != null) {
                send(command);
            }
        }
    }

    private void send(WorkOrderCommand command) {
        CommandReply reply = request(command);
        if (reply == null) {
            return;
        }
        if (isStaleOccupant(command, reply)) {
            CommandReply retried = evictAndRetry(command, reply);
            if (retried != null) {
                record(command, retried);
                return;
            }
        }
        record(command, reply);
    }

    /**
     * Returns whether a simulator arrival was rejected because a work order of another run (or another source) still
     * occupies the station. That happens after a restart, when the earlier run's vehicles never left.
     */
    private static boolean isStaleOccupant(WorkOrderCommand command, CommandReply reply) {
        if (reply.getOk() || !command.hasArrive() || !SIMULATOR.equals(command.getIssuedBy())) {
            return false;
        }
        String occupant = reply.getProblem().getOccupantWorkOrderId();
        return STATION_OCCUPIED.equals(reply.getProblem().getCode())
                && !occupant.isEmpty()
                && !runPrefix(occupant).equals(runPrefix(command.getWorkOrderId()));
    }

    private static String runPrefix(String workOrderId) {
        int last = workOrderId.lastIndexOf('-');
        return last < 0 ? workOrderId : workOrderId.substring(0, last);
    }

    /** Sends a departure for the stale occupant at the arrival's instant, then the arrival again under a new key. */
    private CommandReply evictAndRetry(WorkOrderCommand arrival, CommandReply rejection) {
        String station = arrival.getArrive().getStationId();
        String occupant = rejection.getProblem().getOccupantWorkOrderId();
        WorkOrderCommand leave = WorkOrderCommand.newBuilder()
                .setIdempotencyKey(arrival.getIdempotencyKey() + "-evict-" + occupant)
                .setIssuedBy(SIMULATOR)
                .setCorrelationId(arrival.getCorrelationId())
                .setOccurredAt(arrival.getOccurredAt())
                .setWorkOrderId(occupant)
                .setLeave(io.aegis.proto.v1.LeaveStation.newBuilder().setStationId(station))
                .build();
        CommandReply left = request(leave);
        if (left == null) {
            return null;
        }
        registry.counter("aegis.edge.mes.evictions").increment();
        log.info(
                "[{}] station {} was still held by work order {} (VIN {}) from an earlier run; sent its departure"
                        + " at {} ({}) and repeated the arrival of {}",
                subject,
                station,
                occupant,
                rejection.getProblem().getOccupantVin(),
                arrival.getOccurredAt(),
                left.getOk() ? "accepted" : left.getProblem().getCode(),
                arrival.getWorkOrderId());
        return request(arrival.toBuilder()
                .setIdempotencyKey(arrival.getIdempotencyKey() + "-after-evict")
                .build());
    }

    /** Sends one command, retrying without a reply; returns null (and counts a failure) when none came. */
    private CommandReply request(WorkOrderCommand command) {
        Headers headers = new Headers().put("Content-Type", "application/protobuf");
        Duration timeout = properties.requestTimeout();
        Exception lastError = null;
        for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
            try {
                Message reply = connection
                        .requestWithTimeout(subject, headers, command.toByteArray(), timeout)
                        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                return CommandReply.parseFrom(reply.getData());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastError = e;
                break;
            } catch (Exception e) {
                lastError = e;
                if (attempt < properties.maxAttempts() && !sleepBeforeRetry()) {
                    break;
                }
            }
        }
        count("failed", failed);
        long now = System.nanoTime();
        if (now - lastFailureLogNanos < FAILURE_LOG_INTERVAL_NANOS) {
            suppressedFailures++;
            return null;
        }
        lastFailureLogNanos = now;
        log.warn(
                "[{}] command {} ({}) for work order {} got no reply after {} attempts: {}; continuing with the next"
                        + " command ({} more failed commands since the last warning)",
                subject,
                command.getIdempotencyKey(),
                command.getCommandCase(),
                command.getWorkOrderId(),
                properties.maxAttempts(),
                describe(lastError),
                suppressedFailures);
        suppressedFailures = 0;
        return null;
    }

    private String describe(Exception error) {
        Throwable cause = error instanceof java.util.concurrent.ExecutionException ? error.getCause() : error;
        if (cause instanceof java.util.concurrent.CancellationException) {
            // jnats cancels a request when the server reports no subscriber on the subject (no responders).
            return "no responders on " + subject + " (is the command side running?)";
        }
        return String.valueOf(cause);
    }

    private boolean sleepBeforeRetry() {
        try {
            Thread.sleep(properties.retryBackoff().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void record(WorkOrderCommand command, CommandReply reply) {
        if (!reply.getOk()) {
            count("rejected", rejected);
            log.warn(
                    "[{}] command {} ({}) for work order {} rejected: {} {} ({}='{}': {})",
                    subject,
                    command.getIdempotencyKey(),
                    command.getCommandCase(),
                    command.getWorkOrderId(),
                    reply.getProblem().getStatus(),
                    reply.getProblem().getCode(),
                    reply.getProblem().getField(),
                    reply.getProblem().getValue(),
                    reply.getProblem().getDetail());
        } else if (reply.getReplayed()) {
            count("replayed", replayed);
        } else {
            count("ok", ok);
        }
    }

    private void count(String outcome, AtomicLong total) {
        total.incrementAndGet();
        registry.counter("aegis.edge.mes.commands", "outcome", outcome).increment();
    }

    /** Sends what is queued, waiting up to the drain timeout, then stops the sender. */
    public void drain() throws InterruptedException {
        stopping = true;
        worker.join(properties.drainTimeout().toMillis());
        if (worker.isAlive()) {
            worker.interrupt();
            log.warn(
                    "[{}] {} work-order commands were still queued at shutdown and were not sent",
                    subject,
                    queue.size());
        }
    }

    public MesStatistics statistics() {
        return new MesStatistics(ok.get(), replayed.get(), rejected.get(), failed.get(), queue.size());
    }

    /** Command outcomes since start, and the commands still queued. */
    public record MesStatistics(long ok, long replayed, long rejected, long failed, int queued) {}
}
