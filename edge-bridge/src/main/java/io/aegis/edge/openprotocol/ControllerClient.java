package io.aegis.edge.openprotocol;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.edge.publish.SequenceGapMonitor;
import io.aegis.edge.publish.TighteningMessages;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.TorqueSample;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open Protocol integrator side for one controller: connects, starts communication (MID 0001), subscribes to
 * tightening results (MID 0060) and optionally curves (MID 0008 for MID 0900), keeps the link alive (MID 9999) and
 * reconnects when it drops.
 *
 * <p>Each result is acknowledged (MID 0062) only after JetStream has stored it, so a result the controller considers
 * delivered is never lost; a result that is not acknowledged is sent again by the controller. Malformed frames are
 * counted, logged and skipped, and the connection continues with the next frame.
 */
final class ControllerClient implements Runnable {

    static final int COMMUNICATION_START = 1;
    static final int COMMUNICATION_START_ACK = 2;
    static final int COMMAND_ERROR = 4;
    static final int COMMAND_ACCEPTED = 5;
    static final int GENERIC_SUBSCRIPTION = 8;
    static final int RESULT_SUBSCRIBE = 60;
    static final int RESULT = 61;
    static final int RESULT_ACK = 62;
    static final int TRACE = 900;
    static final int KEEP_ALIVE = 9999;

    /** MID 0004 error code for "MID revision unsupported". */
    static final String REVISION_UNSUPPORTED = "97";

    /** Trace types to subscribe to in MID 0008: angle (001) and torque (002). */
    private static final String TRACE_TYPES = "002001002";

    private static final Logger log = LoggerFactory.getLogger(ControllerClient.class);

    private final OpenProtocolProperties.Controller controller;
    private final Subjects subjects;
    private final JetStreamPublisher publisher;
    private final MeterRegistry registry;
    private final SequenceGapMonitor gaps;
    private final ResultMapper mapper;
    private final String source;
    private final Deque<Frame> inbox = new ArrayDeque<>();
    private final byte[] readBuffer = new byte[8192];

    private volatile boolean running = true;
    private volatile Socket socket;
    private FrameDecoder decoder;
    private OutputStream out;
    private long lastSentNanos;
    private long lastReceivedNanos;

    ControllerClient(
            OpenProtocolProperties.Controller controller,
            Subjects subjects,
            JetStreamPublisher publisher,
            MeterRegistry registry,
            SequenceGapMonitor gaps) {
        this.controller = controller;
        this.subjects = subjects;
        this.publisher = publisher;
        this.registry = registry;
        this.gaps = gaps;
        this.source = "open-protocol:" + controller.address();
        this.mapper = new ResultMapper(controller.stationId(), controller.zone(), source);
    }

    @Override
    public void run() {
        while (running) {
            try (Socket connection = new Socket()) {
                socket = connection;
                connection.connect(new InetSocketAddress(controller.host(), controller.port()), 5000);
                connection.setSoTimeout(500);
                session(connection);
            } catch (IOException e) {
                if (running) {
                    log.warn(
                            "[open-protocol {}] connection failed or lost ({}); reconnecting in {}",
                            controller.address(),
                            e.toString(),
                            controller.reconnectDelay());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(controller.reconnectDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    void stop() {
        running = false;
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.debug("[open-protocol {}] close failed: {}", controller.address(), e.toString());
            }
        }
    }

    private void session(Socket connection) throws IOException, InterruptedException {
        decoder = new FrameDecoder();
        inbox.clear();
        out = connection.getOutputStream();
        InputStream in = connection.getInputStream();
        lastReceivedNanos = System.nanoTime();
        int revision = startCommunication(in);
        log.info("[open-protocol {}] communication started (MID 0002 revision {})", controller.address(), revision);
        int resultRevision = subscribeResults(in);
        log.info(
                "[open-protocol {}] subscribed to tightening results, MID 0061 revision {}, station {}",
                controller.address(),
                resultRevision,
                controller.stationId());
        if (controller.curves()) {
            subscribeCurves(in);
        }
        while (running) {
            Frame frame = next(in, controller.keepAliveInterval().toNanos());
            if (frame != null) {
                dispatch(frame);
            }
            keepAlive();
        }
    }

    private int startCommunication(InputStream in) throws IOException, InterruptedException {
        for (int revision = 3; revision >= 1; revision--) {
            send(Frame.of(COMMUNICATION_START, revision, ""));
            Frame reply = awaitReply(in, Set.of(COMMUNICATION_START_ACK, COMMAND_ERROR));
            if (reply.mid() == COMMUNICATION_START_ACK) {
                return reply.revision();
            }
            String error = errorCode(reply);
            if (!REVISION_UNSUPPORTED.equals(error)) {
                throw new IOException("controller rejected communication start (MID 0004 error " + error + ")");
            }
        }
        throw new IOException("controller rejected communication start in revisions 3, 2 and 1");
    }

    private int subscribeResults(InputStream in) throws IOException, InterruptedException {
        for (int revision = controller.resultRevision(); revision >= 1; revision--) {
            send(Frame.of(RESULT_SUBSCRIBE, revision, ""));
            Frame reply = awaitReply(in, Set.of(COMMAND_ACCEPTED, COMMAND_ERROR));
            if (reply.mid() == COMMAND_ACCEPTED) {
                return revision;
            }
            String error = errorCode(reply);
            if (!REVISION_UNSUPPORTED.equals(error)) {
                throw new IOException("controller rejected the result subscription (MID 0004 error " + error + ")");
            }
        }
        throw new IOException("controller rejected the result subscription in every revision from "
                + controller.resultRevision() + " down to 1");
    }

    private void subscribeCurves(InputStream in) throws IOException, InterruptedException {
        // Extra data: tightening id (10, zeros for "from now"), time stamp (19, zeros), then the trace types.
        String extra = "0000000000" + "0".repeat(19) + TRACE_TYPES;
        send(Frame.of(GENERIC_SUBSCRIPTION, 1, "0900" + "001" + String.format("%02d", extra.length()) + extra));
        Frame reply = awaitReply(in, Set.of(COMMAND_ACCEPTED, COMMAND_ERROR));
        if (reply.mid() == COMMAND_ERROR) {
            log.warn(
                    "[open-protocol {}] controller rejected the curve subscription (MID 0004 error {});"
                            + " continuing with results only",
                    controller.address(),
                    errorCode(reply));
        } else {
            log.info("[open-protocol {}] subscribed to tightening curves (MID 0900)", controller.address());
        }
    }

    private Frame awaitReply(InputStream in, Set<Integer> mids) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + controller.replyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = next(in, deadline - System.nanoTime());
            if (frame == null) {
                continue;
            }
            if (mids.contains(frame.mid())) {
                return frame;
            }
            dispatch(frame);
        }
        throw new IOException("no reply (MID " + mids + ") within " + controller.replyTimeout());
    }

    /** Returns the next decoded frame, or null when none arrived within {@code timeoutNanos}. */
    private Frame next(InputStream in, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (inbox.isEmpty() && System.nanoTime() < deadline && running) {
            int count;
            try {
                count = in.read(readBuffer);
            } catch (SocketTimeoutException e) {
                checkSilence();
                continue;
            }
            if (count < 0) {
                throw new IOException("controller closed the connection");
            }
            lastReceivedNanos = System.nanoTime();
            FrameDecoder.Result result = decoder.feed(readBuffer, count);
            for (FrameDecoder.Malformed malformed : result.malformed()) {
                registry.counter("aegis.edge.open-protocol.malformed", "station", controller.stationId())
                        .increment();
                log.warn(
                        "[open-protocol {}] skipped a malformed frame: {} ({} bytes: {})",
                        controller.address(),
                        malformed.reason(),
                        malformed.dropped().length,
                        abbreviate(Printable.of(malformed.dropped())));
            }
            inbox.addAll(result.frames());
        }
        return inbox.poll();
    }

    private void checkSilence() throws IOException {
        long silentNanos = System.nanoTime() - lastReceivedNanos;
        if (silentNanos > 3 * controller.keepAliveInterval().toNanos()) {
            throw new IOException("no data from the controller for " + silentNanos / 1_000_000 + " ms");
        }
        keepAlive();
    }

    private void keepAlive() throws IOException {
        if (System.nanoTime() - lastSentNanos >= controller.keepAliveInterval().toNanos()) {
            send(Frame.of(KEEP_ALIVE, 1, ""));
        }
    }

    private void dispatch(Frame frame) throws IOException {
        switch (frame.mid()) {
            case RESULT -> handleResult(frame);
            case TRACE -> handleTrace(frame);
            case KEEP_ALIVE -> log.trace("[open-protocol {}] keep-alive response received", controller.address());
            case COMMAND_ERROR ->
                log.warn(
                        "[open-protocol {}] controller sent MID 0004: {}",
                        controller.address(),
                        Printable.of(frame.data()));
            default -> log.debug("[open-protocol {}] ignored {}", controller.address(), frame);
        }
    }

    private void handleResult(Frame frame) {
        TighteningResult result;
        try {
            Map<String, String> fields = TighteningResultMessage.parse(frame.revision(), frame.text());
            result = mapper.map(fields, frame.spindleId());
        } catch (IllegalArgumentException e) {
            // Not acknowledged: the controller keeps the result and sends it again.
            registry.counter("aegis.edge.open-protocol.malformed", "station", controller.stationId())
                    .increment();
            log.warn(
                    "[open-protocol {}] MID 0061 revision {} rejected, not acknowledged: {}",
                    controller.address(),
                    frame.revision(),
                    e.getMessage());
            return;
        }
        try {
            publisher.publish(TighteningMessages.outbound(subjects, result)).whenComplete((ignored, error) -> {
                if (error == null) {
                    acknowledgeResult(frame, result);
                } else {
                    log.warn(
                            "[open-protocol {}] result {} was not stored ({}); not acknowledged, the controller"
                                    + " sends it again",
                            controller.address(),
                            result.getTighteningId(),
                            error.toString());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void acknowledgeResult(Frame frame, TighteningResult result) {
        registry.counter("aegis.edge.open-protocol.results", "station", controller.stationId())
                .increment();
        // Controllers number their tightenings consecutively, so a jump means results were lost upstream.
        gaps.observe("tightening-ids", controller.stationId(), Long.parseLong(result.getTighteningId()));
        if (frame.noAck()) {
            return;
        }
        try {
            send(Frame.of(RESULT_ACK, 1, ""));
        } catch (IOException e) {
            log.warn(
                    "[open-protocol {}] could not acknowledge stored result {} ({}); the controller sends it again"
                            + " and JetStream drops the copy",
                    controller.address(),
                    result.getTighteningId(),
                    e.toString());
        }
    }

    private void handleTrace(Frame frame) {
        TraceMessage.Trace trace;
        try {
            trace = TraceMessage.parse(frame.data());
        } catch (IllegalArgumentException e) {
            registry.counter("aegis.edge.open-protocol.malformed", "station", controller.stationId())
                    .increment();
            log.warn(
                    "[open-protocol {}] MID 0900 rejected, not acknowledged: {}", controller.address(), e.getMessage());
            return;
        }
        if (trace.traceType() != TraceMessage.TRACE_TYPE_TORQUE
                || trace.values().isEmpty()) {
            acknowledgeTrace();
            return;
        }
        long start = mapper.timestamp("time_stamp", trace.timestamp());
        TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setStationId(controller.stationId());
        for (int i = 0; i < trace.values().size(); i++) {
            batch.addSamples(TorqueSample.newBuilder()
                    .setStationId(controller.stationId())
                    .setTorque(trace.values().get(i))
                    .setTimestamp(start + Math.round(i * trace.intervalMillis()))
                    .setSeq(CurveSequence.of(trace.resultId(), i))
                    .setTighteningId(Long.toString(trace.resultId()))
                    .setSource(source));
        }
        TelemetryBatch built = batch.build();
        try {
            publisher
                    .publish(new OutboundMessage(
                            subjects.telemetry(controller.stationId()),
                            TelemetryCodec.headers(),
                            TelemetryCodec.encode(built),
                            TelemetryCodec.messageId(built),
                            built.getSamplesCount()))
                    .thenRun(this::acknowledgeTrace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void acknowledgeTrace() {
        try {
            // Data received through a generic subscription is acknowledged with MID 0005 naming the MID.
            send(Frame.of(COMMAND_ACCEPTED, 1, "0900"));
        } catch (IOException e) {
            log.warn("[open-protocol {}] could not acknowledge a curve ({})", controller.address(), e.toString());
        }
    }

    private synchronized void send(Frame frame) throws IOException {
        out.write(frame.encode());
        out.flush();
        lastSentNanos = System.nanoTime();
    }

    private static String errorCode(Frame reply) {
        String data = reply.text();
        return data.length() >= 6 ? data.substring(4, 6) : data;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
