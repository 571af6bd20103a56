package io.aegis.edge.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes to JetStream asynchronously with a bounded window of unacknowledged messages.
 *
 * <p>A failed or timed-out publish is retried with the same JetStream message id until it is acknowledged, so the
 * stream's duplicate window drops a copy that did arrive. Sources block in {@link #publish} while the window is full,
 * which bounds memory during a NATS outage. {@link #close} ends the retries: what is still unacknowledged then is
 * counted as failed and written to the spool, and {@link #resendSpooled} publishes it again at the next start.
 *
 * <p>NOTE: the window itself lives in memory, so a crash of the JVM (not a SIGTERM) loses what it holds.
 */
@Component
public class JetStreamPublisher {

    private static final Logger log = LoggerFactory.getLogger(JetStreamPublisher.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final JetStream jetStream;
    private final PublishProperties properties;
    private final Spool spool;
    private final Semaphore window;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries;
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong suppressedWarnings = new AtomicLong();

    private final AtomicLong sentSamples = new AtomicLong();
    private final AtomicLong acknowledgedSamples = new AtomicLong();
    private final AtomicLong failedSamples = new AtomicLong();
    private final AtomicLong sentMessages = new AtomicLong();
    private final AtomicLong acknowledgedMessages = new AtomicLong();
    private final AtomicLong failedMessages = new AtomicLong();
    private final AtomicLong retriedMessages = new AtomicLong();
    private final Counter publishedCounter;
    private final Counter acknowledgedCounter;
    private final Counter failedCounter;
    private final Counter retriedCounter;
    private final Counter firstAttemptDuplicates;
    private final AtomicLong lastDuplicateWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    private volatile boolean abandoning;

    JetStreamPublisher(Connection connection, PublishProperties properties, MeterRegistry registry) throws IOException {
        this.jetStream = connection.jetStream();
        this.properties = properties;
        this.spool = new Spool(properties.spoolDir());
        this.window = new Semaphore(properties.maxInFlight());
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jetstream-retry");
            thread.setDaemon(true);
            return thread;
        });
        this.publishedCounter = Counter.builder("aegis.edge.samples.published")
                .description("Torque samples handed to JetStream (first attempt only)")
                .register(registry);
        this.acknowledgedCounter = Counter.builder("aegis.edge.samples.acknowledged")
                .description("Torque samples whose message JetStream acknowledged")
                .register(registry);
        this.failedCounter = Counter.builder("aegis.edge.samples.failed")
                .description("Torque samples still unacknowledged when the publisher was drained (spooled)")
                .register(registry);
        this.retriedCounter = Counter.builder("aegis.edge.publish.retries")
                .description("Publish attempts repeated after a failure or an acknowledgement timeout")
                .register(registry);
        this.firstAttemptDuplicates = Counter.builder("aegis.edge.publish.duplicates")
                .description("First publish attempts JetStream dropped because it already held their message id")
                .register(registry);
        Gauge.builder("aegis.edge.publish.in-flight", pending, Set::size)
                .description("Messages published and not yet acknowledged")
                .register(registry);
    }

    /**
     * Publishes one message, blocking while the window is full.
     *
     * @return a future completed when JetStream has stored the message, or completed exceptionally when the
     *     publisher was closed before that. Callers that acknowledge to a source (a controller) wait for it.
     */
    public CompletableFuture<Void> publish(OutboundMessage message) throws InterruptedException {
        if (abandoning) {
            throw new IllegalStateException(
                    "the publisher is closed; message " + message.messageId() + " was not published");
        }
        window.acquire();
        Pending entry = new Pending(message, new CompletableFuture<>());
        pending.add(entry);
        sentMessages.incrementAndGet();
        sentSamples.addAndGet(message.samples());
        publishedCounter.increment(message.samples());
        attempt(entry, 1);
        return entry.stored;
    }

    private void attempt(Pending entry, int attemptNumber) {
        if (abandoning) {
            return;
        }
        OutboundMessage message = entry.message;
        PublishOptions options =
                PublishOptions.builder().messageId(message.messageId()).build();
        CompletableFuture<PublishAck> future;
        try {
            future = jetStream.publishAsync(message.subject(), message.headers(), message.body(), options);
        } catch (RuntimeException e) {
            // The client rejects a publish synchronously when it is closed or its reconnect buffer is full.
            scheduleRetry(entry, attemptNumber, e);
            return;
        }
        future.orTimeout(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ack, error) -> {
                    if (error == null) {
                        if (ack.isDuplicate()) {
                            countDuplicate(entry.message, attemptNumber);
                        }
                        acknowledge(entry);
                    } else {
                        scheduleRetry(entry, attemptNumber, error);
                    }
                });
    }

    /**
     * Counts a publish that JetStream acknowledged as a duplicate. On a retry that is expected (an earlier attempt
     * arrived). On a first attempt the stream already held another message with this id inside its duplicate window,
     * so this message was dropped: typically a source restarted its sequence numbers within that window.
     */
    private void countDuplicate(OutboundMessage message, int attemptNumber) {
        if (attemptNumber > 1) {
            return;
        }
        firstAttemptDuplicates.increment();
        long now = System.nanoTime();
        long last = lastDuplicateWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastDuplicateWarnNanos.compareAndSet(last, now)) {
            log.warn(
                    "[{}] JetStream already held message id {} within its duplicate window and dropped this copy;"
                            + " a source that restarts its sequence numbers within that window loses those messages"
                            + " ({} such drops so far)",
                    message.subject(),
                    message.messageId(),
                    (long) firstAttemptDuplicates.count());
        }
    }

    private void acknowledge(Pending entry) {
        if (!pending.remove(entry)) {
            return;
        }
        window.release();
        acknowledgedMessages.incrementAndGet();
        acknowledgedSamples.addAndGet(entry.message.samples());
        acknowledgedCounter.increment(entry.message.samples());
        entry.stored.complete(null);
    }

    private void scheduleRetry(Pending entry, int attemptNumber, Throwable error) {
        if (abandoning || !pending.contains(entry)) {
            return;
        }
        long delay = backoffMillis(attemptNumber);
        warnRateLimited(entry.message, attemptNumber, delay, error);
        retriedMessages.incrementAndGet();
        retriedCounter.increment();
        try {
            retries.schedule(() -> attempt(entry, attemptNumber + 1), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The retry executor is shut down only by close(), which has given up on every pending message.
        }
    }

    private long backoffMillis(int attemptNumber) {
        long min = properties.retryBackoffMin().toMillis();
        long max = properties.retryBackoffMax().toMillis();
        int doublings = Math.min(attemptNumber - 1, 20);
        return Math.min(max, min << doublings);
    }

    private void warnRateLimited(OutboundMessage message, int attemptNumber, long delay, Throwable error) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last < WARN_INTERVAL_NANOS || !lastWarnNanos.compareAndSet(last, now)) {
            suppressedWarnings.incrementAndGet();
            return;
        }
        log.warn(
                "[{}] publish attempt {} of message {} failed ({}), retrying in {} ms with the same message id;"
                        + " {} similar warnings suppressed, {} messages unacknowledged",
                message.subject(),
                attemptNumber,
                message.messageId(),
                error.toString(),
                delay,
                suppressedWarnings.getAndSet(0),
                pending.size());
    }

    /**
     * Waits up to the configured drain timeout for every published message to be acknowledged. Retries go on, so
     * this can be called by each source as it stops.
     *
     * @return whether every message was acknowledged
     */
    public boolean drain() throws InterruptedException {
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return pending.isEmpty();
    }

    /**
     * Stops retrying. Messages still unacknowledged are counted as failed and written to the spool; publishing after
     * this is an error.
     */
    public void close() {
        abandoning = true;
        retries.shutdownNow();
        List<OutboundMessage> leftOver = new ArrayList<>();
        for (Pending entry : List.copyOf(pending)) {
            if (pending.remove(entry)) {
                leftOver.add(entry.message);
                failedMessages.incrementAndGet();
                failedSamples.addAndGet(entry.message.samples());
                failedCounter.increment(entry.message.samples());
                entry.stored.completeExceptionally(new IllegalStateException(
                        "message " + entry.message.messageId() + " was not acknowledged before shutdown"));
            }
        }
        if (!leftOver.isEmpty()) {
            spool.write(leftOver);
        }
    }

    /** Publishes every message a previous run spooled, and deletes each spool file once its messages are settled. */
    public int resendSpooled() throws InterruptedException {
        int resent = 0;
        for (Spool.File file : spool.files()) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (OutboundMessage message : file.messages()) {
                futures.add(publish(message));
            }
            resent += futures.size();
            log.info("[spool] resending {} messages from {}", futures.size(), file.path());
            // A message that is not acknowledged before the next drain is spooled again there, so the old file can go.
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((ignored, error) -> {
                spool.delete(file);
                return null;
            });
        }
        return resent;
    }

    public PublishStatistics statistics() {
        return new PublishStatistics(
                sentSamples.get(),
                acknowledgedSamples.get(),
                failedSamples.get(),
                sentMessages.get(),
                acknowledgedMessages.get(),
                failedMessages.get(),
                retriedMessages.get());
    }

    public int inFlight() {
        return pending.size();
    }

    public int maxInFlight() {
        return properties.maxInFlight();
    }

    /** Identity-compared, so two publishes of equal messages stay two entries. */
    private static final class Pending {
        final OutboundMessage message;
        final CompletableFuture<Void> stored;

        Pending(OutboundMessage message, CompletableFuture<Void> stored) {
            this.message = message;
            this.stored = stored;
        }
    }
}
