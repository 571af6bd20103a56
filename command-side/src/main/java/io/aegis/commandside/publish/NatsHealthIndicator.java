package io.aegis.commandside.publish;

import io.nats.client.Connection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Up while the NATS connection is connected. */
@Component("nats")
class NatsHealthIndicator implements HealthIndicator {

    private final Connection connection;

    NatsHealthIndicator(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        Connection.Status status = connection.getStatus();
        Health.Builder health = status == Connection.Status.CONNECTED ? Health.up() : Health.down();
        return health.withDetail("status", status.name())
                .withDetail("server", String.valueOf(connection.getConnectedUrl()))
                .build();
    }
}
