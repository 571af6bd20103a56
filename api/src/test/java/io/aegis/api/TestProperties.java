package io.aegis.api;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring test context at a fresh ClickHouse database and NATS stream, with random ports. */
final class TestProperties {

    private TestProperties() {}

    static void register(DynamicPropertyRegistry registry, TestClickHouse clickHouse, TestNats nats) {
        registry.add("server.port", () -> "0");
        registry.add("aegis.grpc.port", () -> "0");
        registry.add("aegis.clickhouse.url", () -> TestClickHouse.URL);
        registry.add("aegis.clickhouse.database", clickHouse::database);
        registry.add("aegis.nats.url", () -> TestNats.URL);
        registry.add("aegis.nats.stream", nats::stream);
        registry.add("aegis.nats.subject-root", nats::root);
    }
}
