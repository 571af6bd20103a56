package io.aegis.edge;

import io.aegis.edge.publish.JetStreamPublisher;
import io.nats.client.Connection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Up while NATS is connected and the publish window has room, so the edge is keeping up with its sources. */
@Component("nats")
class NatsHealthIndicator implements HealthIndicator {

    private final Connection connection;
    private final JetStreamPublisher publisher;

    NatsHealthIndicator(Connection connection, JetStreamPublisher publisher) {
        this.connection = connection;
        this.publisher = publisher;
    }

    @Override
    public Health health() {
        Connection.Status status = connection.getStatus();
        Health.Builder builder = status == Connection.Status.CONNECTED ? Health.up() : Health.down();
        return builder.withDetail("status", status.name())
                .withDetail("unacknowledgedMessages", publisher.inFlight())
                .withDetail("maxUnacknowledgedMessages", publisher.maxInFlight())
                .build();
    }
}
