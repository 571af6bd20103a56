package io.aegis.api.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs read queries against ClickHouse and returns their rows as JSON objects (format JSONEachRow, which ClickHouse
 * 18.16 and 24.x both write; 64-bit integers arrive as quoted strings, which {@link JsonNode#asLong()} parses).
 *
 * <p>The client-v2 call and the read of the response block, so they run on the bounded elastic scheduler and never on
 * a Netty event loop.
 */
@Component
public class ClickHouseReader {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseReader.class);

    private final Client client;
    private final ClickHouseProperties properties;
    private final ObjectMapper mapper;
    private final Counter queries;
    private final Counter failures;
    private final Timer latency;
    private final AtomicLong roundTrips = new AtomicLong();

    ClickHouseReader(Client client, ClickHouseProperties properties, ObjectMapper mapper, MeterRegistry registry) {
        this.client = client;
        this.properties = properties;
        this.mapper = mapper;
        this.queries = registry.counter("aegis.api.clickhouse.queries");
        this.failures = registry.counter("aegis.api.clickhouse.failures");
        this.latency = registry.timer("aegis.api.clickhouse.latency");
    }

    /** Runs {@code sql} and returns every row; {@code name} labels the query in logs. */
    public Mono<List<JsonNode>> query(String name, Sql sql) {
        return Mono.fromCallable(() -> run(name, sql)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Number of queries sent since startup; tests use it to count round trips. */
    public long roundTrips() {
        return roundTrips.get();
    }

    private List<JsonNode> run(String name, Sql sql) throws Exception {
        String text = sql.render() + " FORMAT JSONEachRow";
        queries.increment();
        roundTrips.incrementAndGet();
        long started = System.nanoTime();
        // ClickHouse 18.16 ignores the X-ClickHouse-Database and X-ClickHouse-Format headers that client-v2 sends,
        // so the database and every setting go in the URL and the format in the statement.
        QuerySettings settings = new QuerySettings()
                .setFormat(ClickHouseFormat.JSONEachRow)
                .serverSetting("database", properties.database())
                .serverSetting(
                        "max_execution_time",
                        Long.toString(Math.max(1, properties.queryTimeout().toSeconds())))
                // FINAL must collapse row versions before WHERE filters non-key columns; 18.16 would otherwise
                // move such filters to PREWHERE and match an outdated version of a row.
                .serverSetting("optimize_move_to_prewhere", "0");
        try (QueryResponse response = client.query(text, settings)
                        .get(properties.queryTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<JsonNode> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(mapper.readTree(line));
                }
            }
            log.trace("[clickhouse] {} returned {} rows", name, rows.size());
            return rows;
        } catch (Exception e) {
            failures.increment();
            log.warn("[clickhouse] query {} failed, the request gets an error: {}", name, e.toString());
            throw new ClickHouseQueryException(name, e);
        } finally {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
