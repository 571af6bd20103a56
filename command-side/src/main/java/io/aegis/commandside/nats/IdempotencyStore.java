package io.aegis.commandside.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aegis.proto.v1.CommandReply;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys and the replies stored under them, in table {@code command_idempotency}. Both calls run in the
 * command's transaction, so a rejected or failed command leaves no key behind.
 */
@Component
class IdempotencyStore {

    /** The reply stored under a key and the fingerprint of the command that produced it. */
    record StoredCommand(String fingerprint, CommandReply reply) {}

    private final JdbcTemplate jdbc;

    IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code key} for the current transaction. Returns the earlier command when the key is taken; while
     * another transaction holds the key, this call waits for it to commit or roll back.
     */
    Optional<StoredCommand> claim(String key, String fingerprint) {
        int inserted = jdbc.update(
                "INSERT INTO command_idempotency (idempotency_key, command_fingerprint) VALUES (?, ?)"
                        + " ON CONFLICT DO NOTHING",
                key,
                fingerprint);
        if (inserted == 1) {
            return Optional.empty();
        }
        List<StoredCommand> stored = jdbc.query(
                "SELECT command_fingerprint, reply FROM command_idempotency WHERE idempotency_key = ?",
                (row, index) -> new StoredCommand(row.getString(1), parse(key, row.getBytes(2))),
                key);
        return stored.stream().findFirst();
    }

    void complete(String key, String workOrderId, CommandReply reply) {
        jdbc.update(
                "UPDATE command_idempotency SET reply = ?, work_order_id = ? WHERE idempotency_key = ?",
                reply.toByteArray(),
                workOrderId,
                key);
    }

    private static CommandReply parse(String key, byte[] reply) {
        try {
            return CommandReply.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored reply of idempotency key '" + key + "' is not a CommandReply", e);
        }
    }
}
