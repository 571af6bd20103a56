package io.aegis.queryside;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the query side; every name starts with {@code aegis.query}. */
public final class QueryMetrics {

    private final MeterRegistry registry;

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Rows inserted into {@code table}; {@code kind} is {@code new} or {@code correction}. */
    public void rowsWritten(String table, String kind, int rows) {
        Counter.builder("aegis.query.rows.written")
                .description("Rows inserted into ClickHouse")
                .tag("table", table)
                .tag("kind", kind)
                .register(registry)
                .increment(rows);
    }

    /** Telemetry rows written with a status other than JOINED. */
    public void unjoined(String status, int rows) {
        Counter.builder("aegis.query.rows.unjoined")
                .description("Telemetry rows written without a joined work order, by status")
                .tag("status", status)
                .register(registry)
                .increment(rows);
    }

    public void insertSucceeded(String table) {
        Counter.builder("aegis.query.inserts")
                .description("Successful ClickHouse inserts")
                .tag("table", table)
                .register(registry)
                .increment();
    }

    public void insertFailed(String table) {
        Counter.builder("aegis.query.insert.failures")
                .description("Failed ClickHouse inserts; the rows stay in memory and are retried")
                .tag("table", table)
                .register(registry)
                .increment();
    }

    public void rejected(String kind, String field) {
        Counter.builder("aegis.query.rejected")
                .description("Inputs rejected by validation or decoding, by message kind and field")
                .tag("kind", kind)
                .tag("field", field)
                .register(registry)
                .increment();
    }

    public void clockSuspect() {
        Counter.builder("aegis.query.clock.suspect")
                .description("Samples flagged clock_suspect")
                .register(registry)
                .increment();
    }
}
