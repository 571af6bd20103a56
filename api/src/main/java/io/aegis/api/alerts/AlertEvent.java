package io.aegis.api.alerts;

/** One item of the alert feed. */
sealed interface AlertEvent {

    /** JetStream stream sequence; the SSE event id. */
    long sequence();

    /**
     * The JetStream consumer exists, so every alert published from now on will be delivered. It becomes an SSE
     * comment, which flushes the response headers without moving the client's last event id.
     */
    record Subscribed(long sequence) implements AlertEvent {}

    /** An alert with its JSON body. */
    record Alert(long sequence, String json) implements AlertEvent {}

    /**
     * The client's last id cannot be resumed from: the alerts after it expired or it is not a sequence of this
     * stream. The feed continues after {@code sequence}, the stream's last sequence when the client connected.
     */
    record Resync(long sequence, long requestedLastId, long firstAvailable, String reason) implements AlertEvent {}
}
