package io.aegis.edge.publish;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the JetStream publisher.
 *
 * @param maxInFlight messages published but not yet acknowledged; a source blocks when the window is full
 * @param ackTimeout how long one publish waits for its acknowledgement before it is retried
 * @param retryBackoffMin first delay before a retry; it doubles per attempt up to {@code retryBackoffMax}
 * @param drainTimeout how long shutdown waits for the window to empty before the rest counts as failed and is spooled
 * @param spoolDir directory for messages still unacknowledged at shutdown; they are resent at the next start
 * @param gapTimeout how long a gap in a station's sequence numbers may stay open before it is reported
 */
@ConfigurationProperties("aegis.edge.publish")
public record PublishProperties(
        @DefaultValue("2048") int maxInFlight,
        @DefaultValue("5s") Duration ackTimeout,
        @DefaultValue("200ms") Duration retryBackoffMin,
        @DefaultValue("5s") Duration retryBackoffMax,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue(".aegis/spool") String spoolDir,
        @DefaultValue("60s") Duration gapTimeout) {

    public PublishProperties {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(
                    "aegis.edge.publish.max-in-flight '" + maxInFlight + "' is invalid: must be at least 1");
        }
    }
}
