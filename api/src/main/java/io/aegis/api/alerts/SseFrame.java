package io.aegis.api.alerts;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event, encoded once and written unchanged to every subscriber that receives it.
 *
 * @param sequence JetStream stream sequence of an {@code alert} or {@code resync} event, which is also its SSE id;
 *     {@link #NO_ID} for a heartbeat or comment
 * @param stationId station of an alert; null for other events
 * @param bytes the event in the text/event-stream format, UTF-8, ending with the blank line
 */
record SseFrame(long sequence, String stationId, byte[] bytes) {

    static final long NO_ID = -1;

    /** Flushes the response headers at once without moving the client's last event id. */
    static final SseFrame SUBSCRIBED = control(":subscribed\n\n");

    /** Keeps proxies from closing an idle stream. It has no id, so it never moves the client's last event id. */
    static final SseFrame HEARTBEAT = control("event:heartbeat\ndata:{}\n\n");

    /** Returns an {@code alert} event; {@code json} must be one line, as Jackson writes it by default. */
    static SseFrame alert(long sequence, String stationId, String json) {
        return new SseFrame(sequence, stationId, encode("id:" + sequence + "\nevent:alert\ndata:" + json + "\n\n"));
    }

    /** Returns a {@code resync} event whose id is the sequence the stream resumes after. */
    static SseFrame resync(long resumeAfter, String json) {
        return new SseFrame(resumeAfter, null, encode("id:" + resumeAfter + "\nevent:resync\ndata:" + json + "\n\n"));
    }

    boolean isAlert() {
        return stationId != null;
    }

    private static SseFrame control(String text) {
        return new SseFrame(NO_ID, null, encode(text));
    }

    private static byte[] encode(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
