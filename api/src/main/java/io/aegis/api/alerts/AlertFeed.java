package io.aegis.api.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.api.nats.NatsProperties;
import io.aegis.contract.MalformedMessageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams DefectAlerts from JetStream to SSE subscribers.
 *
 * <p>One ordered push consumer on the alert subjects, started with the first subscriber, feeds every live
 * subscriber: each alert is decoded and encoded once, then queued for each subscriber whose station filter keeps it.
 * A subscriber that resumes behind the live position first reads the missed alerts by sequence ({@link
 * AlertHistory}) while the live alerts arriving meanwhile wait in its queue. Subscribers hold no thread and no NATS
 * object of their own.
 */
@Component
class AlertFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertFeed.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final Dispatcher dispatcher;
    private final NatsProperties properties;
    private final SseProperties sse;
    private final ObjectMapper mapper;
    private final AlertHistory history;
    private final AtomicInteger subscriberCount;
    private final Counter sent;
    private final Counter malformed;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, AlertSubscriber> subscribers = new ConcurrentHashMap<>();

    /** Orders registrations against the fan-out, so a new subscriber gets the position its live alerts start after. */
    private final Object fanOut = new Object();

    /** Stream sequence of the last alert the live consumer delivered, or where it started; guarded by fanOut. */
    private long livePosition;

    /** The shared live consumer once started; written under this object's lock. */
    private volatile JetStreamSubscription liveSubscription;

    private Disposable heartbeats;
    private volatile boolean running;

    AlertFeed(
            Connection connection,
            NatsProperties properties,
            SseProperties sse,
            ObjectMapper mapper,
            MeterRegistry registry)
            throws IOException {
        this.sse = sse;
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.dispatcher = connection.createDispatcher();
        this.properties = properties;
        this.mapper = mapper;
        this.subscriberCount = registry.gauge("aegis.api.sse.subscribers", new AtomicInteger());
        this.sent = registry.counter("aegis.api.sse.alerts.sent");
        this.malformed = registry.counter("aegis.api.sse.alerts.malformed");
        this.history = new AlertHistory(connection.jetStreamManagement(), properties, mapper, malformed);
    }

    /**
     * Returns the alerts after {@code lastSequence}, then live ones, with a {@link SseFrame#SUBSCRIBED} comment once
     * every later alert will be delivered and a heartbeat every {@code aegis.sse.heartbeat}. A null {@code
     * lastSequence} starts with the next alert published. When the alerts after {@code lastSequence} are no longer
     * retained, or the sequence lies beyond the end of the stream, the feed starts with one {@code resync} event
     * whose sequence is the stream's last and continues after it.
     *
     * @param stations stations to keep; empty keeps every station
     */
    Flux<SseFrame> alerts(Long lastSequence, Set<String> stations) {
        if (lastSequence == null && liveSubscription != null) {
            // A new client needs no stream state once the live consumer runs, so connecting makes no NATS request.
            return Flux.defer(() -> subscribe(null, stations, null));
        }
        return Mono.fromCallable(this::startLiveConsumer)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(state -> subscribe(lastSequence, stations, state));
    }

    /** Registers a subscriber; {@code state} may be null when {@code lastSequence} is. */
    private Flux<SseFrame> subscribe(Long lastSequence, Set<String> stations, StreamState state) {
        AlertSubscriber subscriber = new AlertSubscriber(nextId.incrementAndGet(), stations, sse.maxBuffered());
        long live = register(subscriber);
        Flux<SseFrame> start = Flux.just(SseFrame.SUBSCRIBED);
        long resumeAfter;
        if (lastSequence == null) {
            resumeAfter = live;
        } else if (lastSequence + 1 < state.getFirstSequence() || lastSequence > state.getLastSequence()) {
            resumeAfter = state.getLastSequence();
            start = Flux.just(resync(lastSequence, state), SseFrame.SUBSCRIBED);
        } else {
            resumeAfter = lastSequence;
        }
        subscriber.startAfter(resumeAfter);
        // Alerts after the live position are already queued for this subscriber; the ones up to it are read here.
        Flux<SseFrame> catchUp = resumeAfter < live ? history.read(resumeAfter, live, stations) : Flux.empty();
        return Flux.concat(start, catchUp, subscriber.live())
                .filter(subscriber::isNew)
                .takeUntilOther(subscriber.overflow())
                .doOnNext(frame -> {
                    if (frame.isAlert()) {
                        sent.increment();
                    }
                })
                .doFinally(signal -> unregister(subscriber));
    }

    private SseFrame resync(long lastSequence, StreamState state) {
        boolean expired = lastSequence + 1 < state.getFirstSequence();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", expired ? "expired" : "unknown");
        data.put("requested_last_event_id", lastSequence);
        data.put("first_available_seq", state.getFirstSequence());
        data.put("resume_after", state.getLastSequence());
        return SseFrame.resync(state.getLastSequence(), AlertJson.write(mapper, data));
    }

    /** Adds a subscriber to the fan-out and returns the live position: later alerts are queued for it. */
    private long register(AlertSubscriber subscriber) {
        synchronized (fanOut) {
            subscribers.put(subscriber.id(), subscriber);
            subscriberCount.incrementAndGet();
            return livePosition;
        }
    }

    private void unregister(AlertSubscriber subscriber) {
        if (subscribers.remove(subscriber.id()) != null) {
            subscriberCount.decrementAndGet();
        }
    }

    /**
     * Starts the shared live consumer right after the stream's last sequence unless it runs, and returns the stream
     * state read for the new subscriber.
     */
    private synchronized StreamState startLiveConsumer() throws IOException, JetStreamApiException {
        StreamState state = connection
                .jetStreamManagement()
                .getStreamInfo(properties.stream())
                .getStreamState();
        if (liveSubscription != null) {
            return state;
        }
        long start = state.getLastSequence();
        String filter = properties.subjects().alertsAll();
        ConsumerConfiguration config = ConsumerConfiguration.builder()
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(start + 1)
                .filterSubject(filter)
                .build();
        PushSubscribeOptions options = PushSubscribeOptions.builder().stream(properties.stream())
                .ordered(true)
                .configuration(config)
                .build();
        synchronized (fanOut) {
            livePosition = start;
        }
        liveSubscription = jetStream.subscribe(filter, dispatcher, this::dispatch, false, options);
        log.info("[sse] live alert consumer on {} started after stream sequence {}", filter, start);
        return state;
    }

    /** Runs on the dispatcher thread: encodes the alert once and queues it for each subscriber that keeps it. */
    private void dispatch(Message message) {
        long sequence = message.metaData().streamSequence();
        SseFrame frame;
        try {
            frame = AlertJson.frame(mapper, sequence, message.getSubject(), AlertJson.decode(message));
        } catch (MalformedMessageException e) {
            malformed.increment();
            log.debug("[sse] skipping alert at stream sequence {}: {}", sequence, e.getMessage());
            frame = null;
        }
        synchronized (fanOut) {
            livePosition = sequence;
            if (frame == null) {
                return;
            }
            for (AlertSubscriber subscriber : subscribers.values()) {
                if (subscriber.accepts(frame.stationId())) {
                    subscriber.offer(frame);
                }
            }
        }
    }

    private void sendHeartbeats() {
        for (AlertSubscriber subscriber : subscribers.values()) {
            subscriber.offer(SseFrame.HEARTBEAT);
        }
    }

    @Override
    public void start() {
        long interval = sse.heartbeat().toMillis();
        heartbeats = Schedulers.parallel()
                .schedulePeriodically(this::sendHeartbeats, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown starts, because an endless SSE response would
     * otherwise hold the shutdown until its timeout. Clients reconnect with their last id and lose nothing.
     */
    @Override
    public void stop() {
        running = false;
        if (heartbeats != null) {
            heartbeats.dispose();
        }
        if (!subscribers.isEmpty()) {
            log.info("[sse] closing {} alert streams for shutdown", subscribers.size());
        }
        subscribers.values().forEach(AlertSubscriber::complete);
        if (connection.getStatus() != Connection.Status.CLOSED) {
            connection.closeDispatcher(dispatcher);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
