package io.aegis.queryside.mes;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.MesEvent;
import io.aegis.queryside.LogLimiter;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.PreparedInsert;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.context.StaleRange;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every MES event from the start of the stream with an ordered consumer of its own, so each instance builds
 * the full context. The context counts as caught up once a message reports no pending messages behind it (or at once
 * when the stream contains no MES events).
 *
 * <p>While catching up, events the previous process had already applied mark only their late ranges stale (context
 * that changed behind a station's watermark). Events published from shortly before the newest stored telemetry row
 * on may have arrived after that process stopped, so they mark their full ranges stale, as live events do. Rows stored
 * PENDING_MES are found by the pending scan that runs once the context has caught up.
 */
public final class MesConsumer {

    /** Receives what each applied event changed. */
    public interface Sink {
        void write(PreparedInsert insert) throws InterruptedException;

        void stale(List<StaleRange> ranges);

        void caughtUp();

        /** Returns the newest ingest time of any stored telemetry row, or {@link Long#MIN_VALUE} when none. */
        long latestIngestTimestamp();
    }

    /**
     * Events published this long before the newest stored telemetry row may not have been applied by the process that
     * stored it, so they count as live during catch-up.
     */
    private static final long REPLAY_SLACK_MS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(MesConsumer.class);
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    private final Connection connection;
    private final String stream;
    private final Subjects subjects;
    private final MesContext context;
    private final Sink sink;
    private final ClickHouseGateway clickHouse;
    private final QueryMetrics metrics;
    private final LogLimiter rejections = new LogLimiter(10_000);

    private volatile boolean caughtUp;
    private volatile long applied;
    private long replayLiveFrom = Long.MIN_VALUE;
    private boolean streamDroppedMessages;
    private boolean firstEventSeen;
    private MessageConsumer consumer;

    public MesConsumer(
            Connection connection,
            String stream,
            Subjects subjects,
            MesContext context,
            Sink sink,
            ClickHouseGateway clickHouse,
            QueryMetrics metrics) {
        this.connection = connection;
        this.stream = stream;
        this.subjects = subjects;
        this.context = context;
        this.sink = sink;
        this.clickHouse = clickHouse;
        this.metrics = metrics;
    }

    public void start() throws IOException, JetStreamApiException {
        long latestIngest = sink.latestIngestTimestamp();
        replayLiveFrom = latestIngest == Long.MIN_VALUE ? Long.MIN_VALUE : latestIngest - REPLAY_SLACK_MS;
        StreamInfo info = connection
                .jetStreamManagement()
                .getStreamInfo(stream, StreamInfoOptions.filterSubjects(subjects.mesAll()));
        // Messages have expired from the stream, so MES events older than the first one left may be gone.
        streamDroppedMessages = info.getStreamState().getFirstSequence() > 1;
        if (streamDroppedMessages) {
            restoreOpenVisits();
        }
        long mesMessages = info.getStreamState().getSubjects() == null
                ? 0
                : info.getStreamState().getSubjects().stream()
                        .mapToLong(Subject::getCount)
                        .sum();
        consumer = connection
                .getStreamContext(stream)
                .createOrderedConsumer(new OrderedConsumerConfiguration()
                        .filterSubject(subjects.mesAll())
                        .deliverPolicy(DeliverPolicy.All))
                .consume(this::onMessage);
        log.info(
                "[mes] following {} on {} from the start ({} MES messages to catch up on)",
                subjects.mesAll(),
                stream,
                mesMessages);
        if (mesMessages == 0) {
            markCaughtUp();
        }
    }

    /**
     * Applies the stored history of every work order with a visit still open. The stream has dropped its oldest
     * events, and a vehicle that arrived before them and never left would otherwise be unknown until its next event.
     * Events still in the stream are applied once, because the context ignores an event id it has seen. Nothing
     * is written back and no range is corrected: ClickHouse already contains the result of these events.
     */
    private void restoreOpenVisits() throws IOException {
        List<MesEvent> history = MesProjection.openVisitHistory(clickHouse);
        Set<String> workOrders = new HashSet<>();
        for (MesEvent event : history) {
            context.apply(event, event.getRecordedAt());
            workOrders.add(event.getWorkOrderId());
        }
        log.info(
                "[mes] the stream has dropped its oldest events; restored {} stored events of {} work orders"
                        + " with open visits",
                history.size(),
                workOrders.size());
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public long appliedEvents() {
        return applied;
    }

    public void stop() {
        if (consumer != null) {
            try {
                consumer.stop();
                consumer.close();
            } catch (Exception e) {
                log.debug("[mes] closing the ordered consumer failed: {}", e.toString());
            }
        }
    }

    private void onMessage(Message message) throws InterruptedException {
        long streamSeq = message.metaData().streamSequence();
        long pending = message.metaData().pendingCount();
        MesEvent event;
        try {
            event = decode(message.getHeaders(), message.getData());
        } catch (InvalidProtocolBufferException e) {
            metrics.rejected("mes", "body");
            long suppressed = rejections.tryAcquire(System.currentTimeMillis());
            if (suppressed >= 0) {
                log.warn(
                        "[mes] {} seq {} is not a valid MesEvent, skipped ({} similar not logged): {}",
                        message.getSubject(),
                        streamSeq,
                        suppressed,
                        e.getMessage());
            }
            event = null;
        }
        long publishedAt = message.metaData().timestamp().toInstant().toEpochMilli();
        if (event != null && event.getEventId().isBlank()) {
            metrics.rejected("mes", "event_id");
            log.warn(
                    "[mes] {} seq {} rejected: event_id '' is invalid: must be set, it is the event's identity",
                    message.getSubject(),
                    streamSeq);
        } else if (event != null) {
            if (!firstEventSeen && streamDroppedMessages) {
                context.setStreamHorizon(event.getOccurredAt());
            }
            firstEventSeen = true;
            apply(event, streamSeq, publishedAt, caughtUp || publishedAt >= replayLiveFrom);
        }
        if (!caughtUp && pending == 0) {
            markCaughtUp();
        }
    }

    private void apply(MesEvent event, long streamSeq, long publishedAt, boolean live) throws InterruptedException {
        MesContext.Applied result = context.apply(event, publishedAt);
        if (result.duplicate()) {
            return;
        }
        applied++;
        String vin = event.getVin().isBlank() ? context.vinOf(event.getWorkOrderId()) : event.getVin();
        for (PreparedInsert insert : MesProjection.rows(event, streamSeq, result, vin)) {
            sink.write(insert);
        }
        sink.stale(live ? result.staleRanges() : result.lateRanges());
    }

    private void markCaughtUp() {
        caughtUp = true;
        log.info("[mes] context caught up with the stream head after {} events", applied);
        sink.caughtUp();
    }

    static MesEvent decode(Headers headers, byte[] body) throws InvalidProtocolBufferException {
        String type = headers == null ? null : headers.getFirst(TelemetryCodec.CONTENT_TYPE);
        boolean json = type != null ? type.startsWith(TelemetryCodec.JSON) : body.length > 0 && body[0] == '{';
        if (json) {
            MesEvent.Builder builder = MesEvent.newBuilder();
            JSON.merge(new String(body, StandardCharsets.UTF_8), builder);
            return builder.build();
        }
        return MesEvent.parseFrom(body);
    }
}
