package io.aegis.api.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.api.nats.NatsProperties;
import io.aegis.contract.MalformedMessageException;
import io.aegis.contract.Subjects;
import io.micrometer.core.instrument.Counter;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

/**
 * Reads stored alerts by stream sequence for a client that reconnects behind the live feed. Each alert is one
 * "next message for subject" request to JetStream, made only when the client requests the next event, so a slow
 * client slows the reading down instead of filling a buffer. No consumer is created.
 */
final class AlertHistory {

    private static final Logger log = LoggerFactory.getLogger(AlertHistory.class);

    /** JetStream API error code of "no message found". */
    private static final int NO_MESSAGE_FOUND = 10037;

    private static final int NOT_FOUND_STATUS = 404;

    private final JetStreamManagement management;
    private final NatsProperties properties;
    private final ObjectMapper mapper;
    private final Counter malformed;

    AlertHistory(JetStreamManagement management, NatsProperties properties, ObjectMapper mapper, Counter malformed) {
        this.management = management;
        this.properties = properties;
        this.mapper = mapper;
        this.malformed = malformed;
    }

    /**
     * Returns the alerts with a stream sequence above {@code after} and at most {@code through}, in order, kept to
     * {@code stations} (empty keeps every station). Blocking reads run on the bounded elastic scheduler.
     */
    Flux<SseFrame> read(long after, long through, Set<String> stations) {
        Subjects subjects = properties.subjects();
        String subject =
                stations.size() == 1 ? subjects.alerts(stations.iterator().next()) : subjects.alertsAll();
        return Flux.<SseFrame, Long>generate(
                        () -> after, (cursor, sink) -> next(cursor, through, subject, stations, sink))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Emits the first kept alert after {@code cursor}, or completes, and returns the new cursor. */
    private long next(long cursor, long through, String subject, Set<String> stations, SynchronousSink<SseFrame> sink) {
        long position = cursor;
        while (true) {
            MessageInfo message;
            try {
                message = find(position + 1, subject);
            } catch (IOException | JetStreamApiException e) {
                log.warn(
                        "[sse] reading alerts after stream sequence {} failed, the client reconnects: {}",
                        position,
                        e.toString());
                sink.error(e);
                return position;
            }
            if (message == null || message.getSeq() > through) {
                sink.complete();
                return position;
            }
            position = message.getSeq();
            SseFrame frame = frame(message);
            if (frame != null && (stations.isEmpty() || stations.contains(frame.stationId()))) {
                sink.next(frame);
                return position;
            }
        }
    }

    private MessageInfo find(long sequence, String subject) throws IOException, JetStreamApiException {
        try {
            return management.getNextMessage(properties.stream(), sequence, subject);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND || e.getErrorCode() == NOT_FOUND_STATUS) {
                return null;
            }
            throw e;
        }
    }

    private SseFrame frame(MessageInfo message) {
        try {
            return AlertJson.frame(
                    mapper,
                    message.getSeq(),
                    message.getSubject(),
                    AlertJson.decode(message.getHeaders(), message.getData()));
        } catch (MalformedMessageException e) {
            malformed.increment();
            log.debug("[sse] skipping alert at stream sequence {}: {}", message.getSeq(), e.getMessage());
            return null;
        }
    }
}
