package io.aegis.api.alerts;

import java.util.Queue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * State of one SSE client of the shared live feed: its station filter and a bounded queue of frames waiting to be
 * written. The queue starts small and grows in steps of 16 frames, so the queue of an idle client takes a few hundred bytes.
 *
 * <p>{@link AlertFeed} offers frames from its NATS dispatcher and heartbeat threads; {@link #offer} is synchronized
 * because the queue takes one producer at a time.
 */
final class AlertSubscriber {

    private static final Logger log = LoggerFactory.getLogger(AlertSubscriber.class);

    private static final int QUEUE_LINK_SIZE = 16;

    private final long id;
    private final Set<String> stations;
    private final int maxQueued;
    private final Queue<SseFrame> queue =
            Queues.<SseFrame>unbounded(QUEUE_LINK_SIZE).get();
    private final Sinks.Many<SseFrame> live = Sinks.unsafe().many().unicast().onBackpressureBuffer(queue);
    private final Sinks.Empty<Void> overflow = Sinks.unsafe().empty();
    private boolean closed;
    private long lastSent;

    /**
     * @param stations stations to keep; empty keeps every station
     * @param maxQueued frames queued for this client; one more closes it
     */
    AlertSubscriber(long id, Set<String> stations, int maxQueued) {
        this.id = id;
        this.stations = stations;
        this.maxQueued = maxQueued;
    }

    long id() {
        return id;
    }

    boolean accepts(String stationId) {
        return stations.isEmpty() || stations.contains(stationId);
    }

    /**
     * Queues a frame for the client. When the queue is full the client is closed with an error instead, and later
     * frames are dropped: the client reconnects with its last event id and reads what it missed from the stream.
     */
    synchronized void offer(SseFrame frame) {
        if (closed) {
            return;
        }
        if (queue.size() >= maxQueued) {
            closed = true;
            log.warn(
                    "[sse] closing SSE client {}: {} events queued and unread; it reconnects with its last event id",
                    id,
                    maxQueued);
            overflow.tryEmitError(new SlowSubscriberException(id, maxQueued));
            return;
        }
        live.tryEmitNext(frame);
    }

    /** Ends the live frames after the queued ones are written. */
    synchronized void complete() {
        if (!closed) {
            closed = true;
            live.tryEmitComplete();
        }
    }

    /** Returns the queued and later live frames; only one subscription is allowed. */
    Flux<SseFrame> live() {
        return live.asFlux();
    }

    /** Returns a Mono that fails with {@link SlowSubscriberException} when the queue overflows. */
    Mono<Void> overflow() {
        return overflow.asMono();
    }

    /**
     * Sets the last alert sequence the client has, so that {@link #isNew} drops alerts at or before it.
     *
     * <p>Called before the first frame; the frames then pass through {@link #isNew} one at a time.
     */
    void startAfter(long sequence) {
        lastSent = sequence;
    }

    /**
     * Returns whether the client should get {@code frame}: every event without an id, and an alert only when its
     * sequence is above the last alert sent. This keeps the ids strictly increasing across the hand-over from
     * catch-up to live frames.
     */
    boolean isNew(SseFrame frame) {
        if (!frame.isAlert()) {
            return true;
        }
        if (frame.sequence() <= lastSent) {
            return false;
        }
        lastSent = frame.sequence();
        return true;
    }

    /** The client did not read fast enough and its queue filled up. */
    static final class SlowSubscriberException extends RuntimeException {
        SlowSubscriberException(long id, int maxQueued) {
            super("SSE client " + id + " fell " + maxQueued + " frames behind and was closed", null, false, false);
        }
    }
}
