package io.aegis.api.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.api.input.Inputs;
import io.aegis.api.input.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Server-sent events of DefectAlerts at {@code /api/alerts/stream}.
 *
 * <p>Event {@code alert} carries the alert JSON with the JetStream stream sequence as its id. Event {@code heartbeat}
 * comes every {@code aegis.sse.heartbeat} (15 s) without an id, so it never moves the browser's Last-Event-ID.
 * Event {@code resync} means the last id cannot be resumed, so the client should reload recent alerts (GraphQL
 * {@code recentAlerts}).
 */
@RestController
class AlertStreamController {

    private final AlertFeed feed;
    private final ObjectMapper mapper;
    private final Duration heartbeat;

    AlertStreamController(AlertFeed feed, ObjectMapper mapper, SseProperties properties) {
        this.heartbeat = properties.heartbeat();
        this.feed = feed;
        this.mapper = mapper;
    }

    /**
     * Streams alerts, resuming after the {@code Last-Event-ID} header or the {@code last_event_id} query parameter
     * (for clients that cannot set headers). {@code station_id} (alias {@code station}) may repeat to keep several
     * stations.
     */
    @GetMapping(path = "/api/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<Flux<ServerSentEvent<String>>> stream(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParameter,
            @RequestParam(name = "station_id", required = false) List<String> stationIds,
            @RequestParam(name = "station", required = false) List<String> stations) {
        Long lastSequence = lastSequence(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParameter);
        Set<String> kept = new LinkedHashSet<>();
        if (stationIds != null) {
            stationIds.forEach(station -> kept.add(Inputs.stationId("station_id", station)));
        }
        if (stations != null) {
            stations.forEach(station -> kept.add(Inputs.stationId("station", station)));
        }
        // Heartbeats stop when the alert feed ends (shutdown or a slow client), so the response ends too.
        Sinks.Empty<Void> feedEnded = Sinks.empty();
        Flux<ServerSentEvent<String>> alerts =
                feed.alerts(lastSequence, kept).map(this::toEvent).doFinally(signal -> feedEnded.tryEmitEmpty());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(heartbeat, heartbeat)
                .map(tick -> ServerSentEvent.<String>builder()
                        .event("heartbeat")
                        .data("{}")
                        .build())
                .takeUntilOther(feedEnded.asMono());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(Flux.merge(alerts, heartbeats));
    }

    private ServerSentEvent<String> toEvent(AlertEvent event) {
        if (event instanceof AlertEvent.Subscribed) {
            return ServerSentEvent.<String>builder().comment("subscribed").build();
        }
        if (event instanceof AlertEvent.Alert alert) {
            return ServerSentEvent.<String>builder()
                    .id(Long.toString(alert.sequence()))
                    .event("alert")
                    .data(alert.json())
                    .build();
        }
        AlertEvent.Resync resync = (AlertEvent.Resync) event;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", resync.reason());
        data.put("requested_last_event_id", resync.requestedLastId());
        data.put("first_available_seq", resync.firstAvailable());
        data.put("resume_after", resync.sequence());
        return ServerSentEvent.<String>builder()
                .id(Long.toString(resync.sequence()))
                .event("resync")
                .data(AlertJson.write(mapper, data))
                .build();
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
