package io.aegis.queryside;

import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * UP once the service is running, its MES context has caught up with the MES stream head, and ClickHouse accepts
 * writes. Before that, telemetry would be joined against incomplete context, so the service is not ready.
 */
final class QuerySideHealth implements HealthIndicator {

    private final QuerySideRuntime runtime;
    private final ClickHouseAvailability availability;

    QuerySideHealth(QuerySideRuntime runtime, ClickHouseAvailability availability) {
        this.runtime = runtime;
        this.availability = availability;
    }

    @Override
    public Health health() {
        boolean caughtUp = runtime.mesCaughtUp();
        boolean clickHouseUp = !availability.isDown();
        boolean ready = runtime.phase() == QuerySideRuntime.Phase.RUNNING && caughtUp && clickHouseUp;
        Health.Builder health = ready ? Health.up() : Health.down();
        health.withDetail("phase", runtime.phase().name())
                .withDetail("mesCaughtUp", caughtUp)
                .withDetail("mesEventsApplied", runtime.mesEventsApplied())
                .withDetail("clickhouse", clickHouseUp ? "available" : "unavailable")
                .withDetail("samplesInMemory", runtime.samplesInMemory());
        if (!runtime.lastStartupError().isEmpty()) {
            health.withDetail("lastStartupError", runtime.lastStartupError());
        }
        return health.build();
    }
}
