package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** End-to-end through the real NATS and ClickHouse: samples land with the VIN and firmware of their own time. */
class CorrelationSpineTest {

    private TestEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new TestEnvironment();
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void samplesJoinContextOfTheirTimestamp() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        env.publish(MesEvents.created("wo-1", "VIN00000000000001", t0 - 5_000));
        env.publish(MesEvents.created("wo-2", "VIN00000000000002", t0 - 5_000));
        env.publish(MesEvents.arrived("wo-1", "VIN00000000000001", "s1", t0));
        env.publish(MesEvents.flashed("wo-1", "VIN00000000000001", "s1", "bcm", "v2.1.4", t0 + 2_000));
        env.publish(MesEvents.left("wo-1", "VIN00000000000001", "s1", t0 + 10_000));
        env.publish(MesEvents.arrived("wo-2", "VIN00000000000002", "s1", t0 + 10_000));
        env.publish(MesEvents.left("wo-2", "VIN00000000000002", "s1", t0 + 20_000));

        ConfigurableApplicationContext service = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));

        env.publish(TestEnvironment.batch(
                "s1",
                List.of(
                        sample(1, t0 - 1_000, 10.0),
                        sample(2, t0 + 1_000, 11.5),
                        sample(3, t0 + 3_000, 12.25),
                        sample(4, t0 + 12_000, 13.0))));

        String select = "SELECT seq, vin, firmware, firmware_ecus, status, torque FROM " + env.table("telemetry")
                + " FINAL ORDER BY seq";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.clickHouse.query(select).size() == 4);
        List<JsonNode> rows = env.clickHouse.query(select);

        assertRow(rows.get(0), "", "", "NO_WORK_ORDER", 10.0);
        assertRow(rows.get(1), "VIN00000000000001", "", "JOINED", 11.5);
        assertRow(rows.get(2), "VIN00000000000001", "v2.1.4", "JOINED", 12.25);
        assertThat(ClickHouseGateway.stringValue(rows.get(2), "firmware_ecus")).isEqualTo("{\"bcm\":\"v2.1.4\"}");
        assertRow(rows.get(3), "VIN00000000000002", "", "JOINED", 13.0);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("station_occupancy") + " FINAL"))
                .isEqualTo(2);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("mes_events") + " FINAL"))
                .isEqualTo(7);
    }

    @Test
    void jsonAcceptedAndInvalidRejected() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        env.publish(MesEvents.arrived("wo-1", "VIN00000000000001", "s1", t0));
        env.publish(MesEvents.left("wo-1", "VIN00000000000001", "s1", t0 + 10_000));
        ConfigurableApplicationContext service = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));

        Headers json = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.JSON);
        String body = "{\"station_id\":\"s1\",\"seq\":5,\"torque\":14.5,\"timestamp\":" + (t0 + 4_000) + "}";
        env.jetStream.publish(env.subjects.telemetry("s1"), json, body.getBytes(StandardCharsets.UTF_8));
        env.publish(TestEnvironment.batch(
                "s1", List.of(sample(6, (t0 + 5_000) / 1000, 15.0), sample(7, t0 + 6_000, 16.0))));

        String select = "SELECT seq, vin FROM " + env.table("telemetry") + " FINAL ORDER BY seq";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.clickHouse.query(select).size() == 2);
        List<JsonNode> rows = env.clickHouse.query(select);
        assertThat(rows).extracting(r -> ClickHouseGateway.longValue(r, "seq")).containsExactly(5L, 7L);
        assertThat(rows)
                .extracting(r -> ClickHouseGateway.stringValue(r, "vin"))
                .containsOnly("VIN00000000000001");
        double rejected = service.getBean(QueryMetrics.class)
                .registry()
                .find("aegis.query.rejected")
                .tags("kind", "telemetry", "field", "timestamp")
                .counter()
                .count();
        assertThat(rejected).isEqualTo(1);
    }

    private static void assertRow(JsonNode row, String vin, String firmware, String status, double torque) {
        assertThat(ClickHouseGateway.stringValue(row, "vin"))
                .as("vin of %s", row)
                .isEqualTo(vin);
        assertThat(ClickHouseGateway.stringValue(row, "firmware"))
                .as("firmware of %s", row)
                .isEqualTo(firmware);
        assertThat(ClickHouseGateway.stringValue(row, "status"))
                .as("status of %s", row)
                .isEqualTo(status);
        assertThat(ClickHouseGateway.doubleValue(row, "torque"))
                .as("torque of %s", row)
                .isEqualTo(torque);
    }

    static TorqueSample sample(long seq, long timestamp, double torque) {
        return TorqueSample.newBuilder()
                .setStationId("s1")
                .setSeq(seq)
                .setTimestamp(timestamp)
                .setTorque(torque)
                .setSource("test")
                .build();
    }
}
