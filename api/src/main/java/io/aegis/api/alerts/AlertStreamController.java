package io.aegis.api.alerts;

import io.aegis.api.input.Inputs;
import io.aegis.api.input.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Server-sent events of DefectAlerts at {@code /api/alerts/stream}.
 *
 * <p>Event {@code alert} carries the alert JSON with the JetStream stream sequence as its id. Event {@code heartbeat}
 * comes every {@code aegis.sse.heartbeat} (15 s) without an id, so it never moves the browser's Last-Event-ID.
 * Event {@code resync} means the last id cannot be resumed, so the client should reload recent alerts (GraphQL
 * {@code recentAlerts}).
 *
 * <p>The events are encoded once per alert by {@link AlertFeed} and written to the response as they are, flushed one
 * by one, without a per-client encoder.
 */
@RestController
class AlertStreamController {

    private final AlertFeed feed;

    AlertStreamController(AlertFeed feed) {
        this.feed = feed;
    }

    /**
     * Streams alerts, resuming after the {@code Last-Event-ID} header or the {@code last_event_id} query parameter
     * (for clients that cannot set headers). {@code station_id} (alias {@code station}) may repeat to keep several
     * stations.
     */
    @GetMapping(path = "/api/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<Void> stream(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParameter,
            @RequestParam(name = "station_id", required = false) List<String> stationIds,
            @RequestParam(name = "station", required = false) List<String> stations,
            ServerHttpResponse response) {
        Long lastSequence = lastSequence(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParameter);
        Set<String> kept = new LinkedHashSet<>();
        if (stationIds != null) {
            stationIds.forEach(station -> kept.add(Inputs.stationId("station_id", station)));
        }
        if (stations != null) {
            stations.forEach(station -> kept.add(Inputs.stationId("station", station)));
        }
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.TEXT_EVENT_STREAM);
        headers.setCacheControl("no-cache");
        headers.set("X-Accel-Buffering", "no");
        DataBufferFactory buffers = response.bufferFactory();
        Flux<SseFrame> frames = feed.alerts(lastSequence, kept)
                .onErrorResume(AlertSubscriber.SlowSubscriberException.class, e -> close(response, e));
        return response.writeAndFlushWith(frames.map(frame -> Mono.just(buffers.wrap(frame.bytes()))));
    }

    /**
     * Closes the connection of a client that stopped reading. Its response has started, so no error status can be
     * sent. An error signal would also close it, but Spring and Reactor Netty would each log it at ERROR level.
     */
    private static Flux<SseFrame> close(ServerHttpResponse response, RuntimeException error) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (nativeResponse instanceof HttpServerResponse netty) {
            netty.withConnection(Connection::dispose);
            return Flux.empty();
        }
        return Flux.error(error);
    }

    private static Long lastSequence(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(lastEventId.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "Last-Event-ID", lastEventId, "must be a JetStream stream sequence (a non-negative integer)");
        }
    }
}
