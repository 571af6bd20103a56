package io.aegis.queryside;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh JetStream stream, subject root and ClickHouse database on the local servers, and query-side instances
 * started in this JVM against them. Closing stops the instances and deletes the stream and the database.
 */
final class TestEnvironment implements AutoCloseable {

    static final String CLICKHOUSE_URL = "http://127.0.0.1:8123";
    static final String NATS_URL = "nats://127.0.0.1:4222";

    final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final Subjects subjects = new Subjects("t" + suffix);
    final String stream = "TQ_" + suffix;
    final String database = "aegis_test_" + suffix;
    final Connection nats;
    final JetStream jetStream;
    final ClickHouseGateway clickHouse;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();

    TestEnvironment() throws Exception {
        this(CLICKHOUSE_URL);
    }

    TestEnvironment(String clickHouseUrl) throws Exception {
        nats = NatsConnector.connect(NATS_URL, "", "", "query-side-test");
        AegisStream.ensure(nats, stream, subjects);
        jetStream = nats.jetStream();
        clickHouse = new ClickHouseGateway(new ClickHouseProperties(
                clickHouseUrl, "default", "", database, Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    /** Starts one query-side instance; {@code settings} override the test defaults. */
    ConfigurableApplicationContext start(Map<String, String> settings) {
        // Command-line arguments, because default properties rank below application.yml.
        String[] arguments = arguments(settings);
        ConfigurableApplicationContext service =
                new SpringApplicationBuilder(QuerySideApplication.class).run(arguments);
        services.add(service);
        return service;
    }

    /** Returns the command-line arguments that point an instance at this environment; {@code settings} win. */
    String[] arguments(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("aegis.nats.url", NATS_URL);
        properties.put("aegis.nats.stream", stream);
        properties.put("aegis.nats.subject-root", subjects.root());
        properties.put("aegis.clickhouse.url", CLICKHOUSE_URL);
        properties.put("aegis.clickhouse.database", database);
        properties.put("aegis.query.telemetry-consumer", "qs-telemetry-" + suffix);
        properties.put("aegis.query.alerts-consumer", "qs-alerts-" + suffix);
        properties.put("aegis.query.scores-consumer", "qs-scores-" + suffix);
        properties.put("aegis.query.tightening-consumer", "qs-tightening-" + suffix);
        properties.put("aegis.query.flush-interval", "200ms");
        properties.put("aegis.query.min-insert-interval", "200ms");
        properties.put("aegis.query.batch-rows", "500");
        properties.put("aegis.query.ack-wait", "3s");
        properties.put("aegis.query.max-retry-backoff", "1s");
        properties.putAll(settings);
        return properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }

    static boolean isReady(ConfigurableApplicationContext service) {
        return service.getBean(QuerySideHealth.class)
                .health()
                .getStatus()
                .getCode()
                .equals("UP");
    }

    /** Stops an instance without storing or acknowledging what it holds in memory. */
    static void halt(ConfigurableApplicationContext service) {
        service.getBean(QuerySideRuntime.class).halt();
        service.close();
    }

    void publish(MesEvent event) throws Exception {
        Headers headers = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.PROTOBUF);
        jetStream.publish(
                subjects.mes(event.getWorkOrderId()),
                headers,
                event.toByteArray(),
                PublishOptions.builder().messageId(event.getEventId()).build());
    }

    void publish(TelemetryBatch batch) throws Exception {
        publish(batch, TelemetryCodec.messageId(batch));
    }

    void publish(TelemetryBatch batch, String messageId) throws Exception {
        jetStream.publish(
                subjects.telemetry(batch.getStationId()),
                TelemetryCodec.headers(),
                TelemetryCodec.encode(batch),
                PublishOptions.builder().messageId(messageId).build());
    }

    static TelemetryBatch batch(String station, List<TorqueSample> samples) {
        return TelemetryBatch.newBuilder()
                .setStationId(station)
                .addAllSamples(samples)
                .build();
    }

    long count(String sql) {
        return ClickHouseGateway.longValue(clickHouse.query(sql).get(0), "c");
    }

    String table(String name) {
        return database + "." + name;
    }

    @Override
    public void close() throws Exception {
        for (ConfigurableApplicationContext service : services) {
            if (service.isActive()) {
                service.close();
            }
        }
        try {
            clickHouse.execute("DROP DATABASE IF EXISTS " + database);
        } finally {
            clickHouse.close();
            try {
                nats.jetStreamManagement().deleteStream(stream);
            } finally {
                nats.close();
            }
        }
    }
}
