package io.aegis.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bound values must reach ClickHouse as the exact literal, whatever they contain. Runs against the real server. */
class SqlBindingTest {

    static Client client;
    static ClickHouseReader reader;

    @BeforeAll
    static void connect() {
        ClickHouseProperties properties =
                new ClickHouseProperties("http://127.0.0.1:8123", "default", "", "system", Duration.ofSeconds(10));
        client = new ClickHouseConfiguration().clickHouseClient(properties);
        reader = new ClickHouseReader(client, properties, new ObjectMapper(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void hostileStringsComeBackVerbatim() {
        List<String> values = List.of(
                "x' OR '1'='1",
                "a\\\\'; DROP TABLE telemetry --",
                "1' UNION SELECT name FROM system.tables --",
                "/* comment */ ' \\n \\t",
                "tab\there\nnewline\r\0nul\u0001ctl",
                "back\\slash at end\\",
                "emoji \uD83D\uDE97 and unicode \u00e9",
                "'".repeat(5_000));
        for (String value : values) {
            List<JsonNode> rows = reader.query(
                            "echo", Sql.of("SELECT :value AS echoed").bind("value", value))
                    .block();

            assertThat(rows).as(value).hasSize(1);
            assertThat(rows.get(0).get("echoed").asText()).as(value).isEqualTo(value);
        }
    }

    @Test
    void collectionsBecomeTuples() {
        List<JsonNode> rows = reader.query(
                        "in", Sql.of("SELECT 'b' IN :values AS found").bind("values", List.of("a'", "b", "c\\")))
                .block();

        assertThat(rows.get(0).get("found").asInt()).isEqualTo(1);
    }

    @Test
    void unboundPlaceholderFails() {
        assertThatThrownBy(() -> Sql.of("SELECT :missing").render())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(":missing");
    }

    @Test
    void nonFiniteNumberIsRejected() {
        assertThatThrownBy(() -> Sql.of("SELECT :x").bind("x", Double.NaN).render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }
}
