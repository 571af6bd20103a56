package io.aegis.edge.publish;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TighteningResult;

/** Builds the stream message for a tightening result; every source uses it, so ids match across retries. */
public final class TighteningMessages {

    private TighteningMessages() {}

    /** Returns the JetStream message id of a result: {@code tightening:<station>:<tightening id>}. */
    public static String messageId(TighteningResult result) {
        return "tightening:" + result.getStationId() + ":" + result.getTighteningId();
    }

    public static OutboundMessage outbound(Subjects subjects, TighteningResult result) {
        return new OutboundMessage(
                subjects.tightening(result.getStationId()),
                TelemetryCodec.headers(),
                result.toByteArray(),
                messageId(result),
                0);
    }
}
