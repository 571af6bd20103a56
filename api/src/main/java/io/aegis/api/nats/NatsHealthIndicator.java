package io.aegis.api.nats;

import io.nats.client.Connection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports UP while the NATS connection is established; the alert stream, commands and ingest all need it. */
@Component("nats")
class NatsHealthIndicator implements HealthIndicator {

    private final Connection connection;

    NatsHealthIndicator(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        Connection.Status status = connection.getStatus();
        Health.Builder builder = status == Connection.Status.CONNECTED ? Health.up() : Health.down();
        return builder.withDetail("status", status.name()).build();
    }
}
