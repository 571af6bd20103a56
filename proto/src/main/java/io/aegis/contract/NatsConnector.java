package io.aegis.contract;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens NATS connections the same way in every service: named, reconnecting forever, and logging connection
 * changes without credentials.
 */
public final class NatsConnector {

    private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);

    private NatsConnector() {}

    /**
     * Connects to {@code url}. A blank {@code user} connects without credentials.
     *
     * @throws IOException naming the URL when the first connection attempt fails
     */
    public static Connection connect(String url, String user, String password, String connectionName)
            throws IOException, InterruptedException {
        Options.Builder builder = new Options.Builder()
                .server(url)
                .connectionName(connectionName)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionListener(new LoggingListener(connectionName))
                .errorListener(new LoggingErrorListener(connectionName));
        if (user != null && !user.isBlank()) {
            builder.userInfo(user, password == null ? "" : password);
        }
        try {
            return Nats.connect(builder.build());
        } catch (IOException e) {
            throw new IOException("cannot connect to NATS at " + url + " (AEGIS_NATS_URL): " + e.getMessage(), e);
        }
    }

    private record LoggingListener(String name) implements ConnectionListener {
        @Override
        public void connectionEvent(Connection connection, Events event) {
            switch (event) {
                case DISCONNECTED -> log.warn("[nats] {} disconnected, reconnecting", name);
                case RECONNECTED -> log.info("[nats] {} reconnected to {}", name, connection.getConnectedUrl());
                case CONNECTED -> log.info("[nats] {} connected to {}", name, connection.getConnectedUrl());
                case CLOSED -> log.info("[nats] {} closed", name);
                default -> log.debug("[nats] {} {}", name, event);
            }
        }
    }

    private record LoggingErrorListener(String name) implements ErrorListener {
        @Override
        public void errorOccurred(Connection connection, String error) {
            log.warn("[nats] {} server error: {}", name, error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            log.warn("[nats] {} connection error: {}", name, exception.toString());
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            log.warn("[nats] {} slow consumer, messages are being dropped by the client", name);
        }
    }
}
