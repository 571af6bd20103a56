package io.aegis.commandside.nats;

import io.aegis.proto.v1.CommandReply;

/**
 * The reply of a command whose unit of work had not yet committed when its handler returned. It is complete once
 * the command's events are stored, which has happened when the command gateway returns.
 */
final class PendingReply {

    private volatile CommandReply reply;

    void complete(CommandReply reply) {
        this.reply = reply;
    }

    CommandReply get() {
        if (reply == null) {
            throw new IllegalStateException("command reply requested before the unit of work committed");
        }
        return reply;
    }

    /** Returns the reply a command gateway call produced: a stored reply as is, a pending one once complete. */
    static CommandReply resolve(Object result) {
        if (result instanceof PendingReply pending) {
            return pending.get();
        }
        return (CommandReply) result;
    }
}
