package io.aegis.api.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.api.nats.NatsProperties;
import io.aegis.contract.MalformedMessageException;
import io.aegis.contract.Subjects;
import io.aegis.proto.v1.DefectAlert;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams DefectAlerts from JetStream to SSE subscribers.
 *
 * <p>Each subscriber gets its own ordered push consumer (ephemeral, no acks, filtered to the alert subjects) starting
 * right after the last stream sequence it saw. All consumers share one NATS dispatcher thread, and messages are
 * handed to Reactor sinks, so subscribers hold no thread of their own.
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
    private final AtomicInteger subscribers;
    private final Counter sent;
    private final Counter malformed;
    private final Set<FluxSink<AlertEvent>> open = ConcurrentHashMap.newKeySet();
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
        this.subscribers = registry.gauge("aegis.api.sse.subscribers", new AtomicInteger());
        this.sent = registry.counter("aegis.api.sse.alerts.sent");
        this.malformed = registry.counter("aegis.api.sse.alerts.malformed");
    }

    /**
     * Returns the alerts after {@code lastSequence}, then live ones. A null {@code lastSequence} starts with the next
     * alert published. When the alerts after {@code lastSequence} are no longer retained, or the sequence lies beyond
     * the end of the stream, the feed starts with one {@link AlertEvent.Resync} whose sequence is the stream's last
     * and continues after it.
     *
     * @param stations stations to keep; empty keeps every station
     */
    Flux<AlertEvent> alerts(Long lastSequence, Set<String> stations) {
        return Mono.fromCallable(() -> streamState())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(state -> {
                    if (lastSequence == null) {
                        return consume(DeliverPolicy.New, 0, stations);
                    }
                    boolean expired = lastSequence + 1 < state.getFirstSequence();
                    boolean beyondEnd = lastSequence > state.getLastSequence();
                    if (expired || beyondEnd) {
                        long resumeAfter = state.getLastSequence();
                        AlertEvent resync = new AlertEvent.Resync(
                                resumeAfter, lastSequence, state.getFirstSequence(), expired ? "expired" : "unknown");
                        return Flux.<AlertEvent>just(resync)
                                .concatWith(consume(DeliverPolicy.ByStartSequence, resumeAfter + 1, stations));
                    }
                    return consume(DeliverPolicy.ByStartSequence, lastSequence + 1, stations);
                });
    }

    private StreamState streamState() throws IOException, JetStreamApiException {
        return connection
                .jetStreamManagement()
                .getStreamInfo(properties.stream())
                .getStreamState();
    }

    private Flux<AlertEvent> consume(DeliverPolicy policy, long startSequence, Set<String> stations) {
        Subjects subjects = properties.subjects();
        String filter =
                stations.size() == 1 ? subjects.alerts(stations.iterator().next()) : subjects.alertsAll();
        Flux<AlertEvent> events = Flux.create(
                sink -> {
                    ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                            .deliverPolicy(policy)
                            .filterSubject(filter);
                    if (policy == DeliverPolicy.ByStartSequence) {
                        config.startSequence(Math.max(1, startSequence));
                    }
                    PushSubscribeOptions options = PushSubscribeOptions.builder().stream(properties.stream())
                            .ordered(true)
                            .configuration(config.build())
                            .build();
                    JetStreamSubscription subscription;
                    try {
                        subscription = jetStream.subscribe(
                                filter, dispatcher, message -> deliver(message, stations, sink), false, options);
                    } catch (IOException | JetStreamApiException e) {
                        log.warn("[sse] subscribing to {} failed, the client reconnects: {}", filter, e.toString());
                        sink.error(e);
                        return;
                    }
                    subscribers.incrementAndGet();
                    open.add(sink);
                    sink.next(new AlertEvent.Subscribed(startSequence));
                    sink.onDispose(() -> {
                        open.remove(sink);
                        subscribers.decrementAndGet();
                        unsubscribe(subscription);
                    });
                },
                FluxSink.OverflowStrategy.BUFFER);
        return events.onBackpressureBuffer(sse.maxBuffered(), dropped -> {}, BufferOverflowStrategy.ERROR);
    }

    private void deliver(Message message, Set<String> stations, FluxSink<AlertEvent> sink) {
        long sequence = message.metaData().streamSequence();
        DefectAlert alert;
        try {
            alert = AlertJson.decode(message);
        } catch (MalformedMessageException e) {
            malformed.increment();
            log.debug("[sse] skipping alert at stream sequence {}: {}", sequence, e.getMessage());
            return;
        }
        String station =
                alert.getStationId().isEmpty() ? Subjects.lastToken(message.getSubject()) : alert.getStationId();
        if (!stations.isEmpty() && !stations.contains(station)) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(AlertJson.fields(alert));
        fields.put("station_id", station);
        sent.increment();
        sink.next(new AlertEvent.Alert(sequence, AlertJson.write(mapper, fields)));
    }

    private void unsubscribe(JetStreamSubscription subscription) {
        try {
            if (subscription.isActive()) {
                dispatcher.unsubscribe(subscription);
            }
        } catch (IllegalStateException e) {
            log.debug("[sse] subscription already closed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown starts, because an endless SSE response would
     * otherwise hold the shutdown until its timeout. Clients reconnect with their last id and lose nothing.
     */
    @Override
    public void stop() {
        running = false;
        if (!open.isEmpty()) {
            log.info("[sse] closing {} alert streams for shutdown", open.size());
        }
        open.forEach(FluxSink::complete);
        if (connection.getStatus() != Connection.Status.CLOSED) {
            connection.closeDispatcher(dispatcher);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
