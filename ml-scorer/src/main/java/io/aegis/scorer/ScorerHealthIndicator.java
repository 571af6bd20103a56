package io.aegis.scorer;

import io.nats.client.Connection;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Up when NATS is connected and the telemetry consumer has caught up with the stream once since start. */
@Component("scorer")
class ScorerHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;
    private final TelemetryListener telemetry;
    private final ModelSource models;

    ScorerHealthIndicator(Connection connection, TelemetryListener telemetry, ModelSource models) {
        this.connection = connection;
        this.telemetry = telemetry;
        this.models = models;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean connected = connection.getStatus() == Connection.Status.CONNECTED;
        boolean caughtUp = telemetry.caughtUp();
        builder.status(connected && caughtUp ? "UP" : "DOWN")
                .withDetail("nats", connection.getStatus().toString())
                .withDetail("caughtUp", caughtUp);
        try (ScorerLease lease = models.acquire()) {
            builder.withDetail(
                    "model", lease.scorer().modelName() + " " + lease.scorer().modelVersion());
        }
    }
}
