package io.aegis.commandside.nats;

/** Metadata keys on command and event messages. */
final class CommandMetadata {

    static final String ISSUED_BY = "issuedBy";
    static final String CORRELATION_ID = "correlationId";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** SHA-256 of the command without its idempotency key; only on commands, never copied to events. */
    static final String FINGERPRINT = "commandFingerprint";

    private CommandMetadata() {}
}
