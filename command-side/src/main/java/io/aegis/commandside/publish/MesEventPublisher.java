package io.aegis.commandside.publish;

import io.aegis.commandside.NatsProperties;
import io.aegis.commandside.workorder.WorkOrderEvent;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.MesEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every committed work-order event to JetStream on {@code <root>.mes.workorder.<work_order_id>}, with the
 * event id as JetStream message id.
 *
 * <p>Runs in the pooled streaming processor {@value #PROCESSOR}, whose segments follow the aggregate id, so events
 * of one work order are published one at a time in aggregate order. Each publish waits for JetStream's
 * acknowledgement; a failure is rethrown, the processor does not advance its token and retries the batch later.
 * A retry publishes already acknowledged events of the batch again, and the stream's duplicate window drops them by
 * message id.
 */
@Component
@ProcessingGroup(MesEventPublisher.PROCESSOR)
class MesEventPublisher {

    static final String PROCESSOR = "mes-publisher";

    private static final Logger log = LoggerFactory.getLogger(MesEventPublisher.class);

    private final JetStream jetStream;
    private final JdbcTemplate jdbc;
    private final Subjects subjects;
    private final String stream;
    private final Counter published;
    private final Counter duplicates;
    private final Counter failures;

    MesEventPublisher(JetStream jetStream, JdbcTemplate jdbc, NatsProperties nats, MeterRegistry meters) {
        this.jetStream = jetStream;
        this.jdbc = jdbc;
        this.subjects = nats.subjects();
        this.stream = nats.stream();
        this.published = meters.counter("aegis.commandside.mes.published");
        this.duplicates = meters.counter("aegis.commandside.mes.duplicates");
        this.failures = meters.counter("aegis.commandside.mes.publish.failures");
    }

    @EventHandler
    void on(WorkOrderEvent event, EventMessage<?> message) throws IOException, JetStreamApiException {
        long globalIndex = globalIndexOf(message.getIdentifier());
        MesEvent mes = MesEvents.toMesEvent((DomainEventMessage<?>) message, globalIndex);
        String subject = subjects.mes(event.workOrderId());
        PublishOptions options = PublishOptions.builder()
                .messageId(mes.getEventId())
                .expectedStream(stream)
                .build();
        PublishAck ack;
        try {
            ack = jetStream.publish(subject, TelemetryCodec.headers(), mes.toByteArray(), options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            failures.increment();
            log.warn(
                    "[{}] publishing event {} (global index {}) failed, the processor retries it: {}",
                    subject,
                    mes.getEventId(),
                    globalIndex,
                    e.toString());
            throw e;
        }
        if (ack.isDuplicate()) {
            duplicates.increment();
        } else {
            published.increment();
        }
        log.trace("[{}] published event {} at stream sequence {}", subject, mes.getEventId(), ack.getSeqno());
    }

    /**
     * Reads the event's own global index. The tracking token cannot supply it: after an event that filled a gap,
     * the token still points at the highest index seen so far.
     */
    private long globalIndexOf(String eventId) {
        Long index = jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class, eventId);
        return index == null ? 0 : index;
    }
}
