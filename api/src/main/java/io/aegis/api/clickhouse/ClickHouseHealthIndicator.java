package io.aegis.api.clickhouse;

import com.clickhouse.client.api.Client;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports UP while ClickHouse replies to a ping within one second, because every GraphQL read needs it. */
@Component("clickhouse")
class ClickHouseHealthIndicator implements HealthIndicator {

    private static final long PING_TIMEOUT_MS = 1_000;

    private final Client client;

    ClickHouseHealthIndicator(Client client) {
        this.client = client;
    }

    @Override
    public Health health() {
        return client.ping(PING_TIMEOUT_MS)
                ? Health.up().build()
                : Health.down().withDetail("ping", "failed").build();
    }
}
