package io.aegis.edge.publish;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the edge bridge's {@link JetStreamPublisher} outside Spring for the publish benchmark. It sits in the
 * publisher's package because the constructor is package-private.
 */
public final class Publishers {

    private Publishers() {}

    /** Returns a publisher with the edge bridge's default settings and its spool under {@code spoolDir}. */
    public static JetStreamPublisher withDefaults(Connection connection, Path spoolDir) throws IOException {
        PublishProperties properties = new PublishProperties(
                2048,
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                spoolDir.toString(),
                Duration.ofSeconds(60));
        return new JetStreamPublisher(connection, properties, new SimpleMeterRegistry());
    }
}
