package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.AnomalyScore;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Alerts, anomaly scores and tightening results land in their tables once each, with the VIN of their time. */
class RecordsTest {

    private static final String VIN = "VINRECORDS0000001";

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
    void recordsAreStoredOnce() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        env.publish(MesEvents.created("wo-r", VIN, t0 - 5_000));
        env.publish(MesEvents.arrived("wo-r", VIN, "s1", t0));
        env.publish(MesEvents.left("wo-r", VIN, "s1", t0 + 10_000));
        ConfigurableApplicationContext service = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));

        DefectAlert alert = DefectAlert.newBuilder()
                .setAlertId("alert-1")
                .setStationId("s1")
                .setAnomalyScore(0.97)
                .setTriggerTorqueNm(61.8)
                .setTimestamp(t0 + 1_000)
                // The scorer names the station's current occupant; the stored alert must name the vehicle at t0.
                .setVin("VEHICLE-THERE-NOW")
                .setModelName("zscore")
                .setModelVersion("1")
                .putFeatures("z", 4.2)
                .setMergedSamples(3)
                .setFirstTimestamp(t0 + 990)
                .setLastTimestamp(t0 + 1_010)
                .setRaisedAt(t0 + 1_020)
                .build();
        long alertSeq = publish(env.subjects.alerts("s1"), alert.toByteArray(), "alert-1");
        publish(env.subjects.alerts("s1"), alert.toByteArray(), "alert-1-again");
        publish(
                env.subjects.scores("s1"),
                AnomalyScore.newBuilder()
                        .setStationId("s1")
                        .setSeq(7)
                        .setTimestamp(t0 + 1_000)
                        .setScore(0.5)
                        .setTorque(61.8)
                        .setVin(VIN)
                        .setModelName("zscore")
                        .setModelVersion("1")
                        .build()
                        .toByteArray(),
                "score-7");
        publish(
                env.subjects.tightening("s1"),
                TighteningResult.newBuilder()
                        .setStationId("s1")
                        .setTighteningId("tight-1")
                        .setTimestamp(t0 + 2_000)
                        .setOk(true)
                        .setFinalTorque(43.2)
                        .setController("cs351")
                        .setSpindle(2)
                        .setRawStatus("0x01")
                        .build()
                        .toByteArray(),
                "tight-1");
        Headers json = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.JSON);
        env.jetStream.publish(
                env.subjects.tightening("s1"),
                json,
                ("{\"station_id\":\"s1\",\"tightening_id\":\"tight-2\",\"timestamp\":" + (t0 + 3_000)
                                + ",\"ok\":false,\"final_torque\":12.5}")
                        .getBytes(StandardCharsets.UTF_8));
        env.jetStream.publish(env.subjects.scores("s1"), "not a score".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("alerts") == 1 && count("scores") == 1 && count("tightening_results") == 2);
        List<JsonNode> alerts = env.clickHouse.query(
                "SELECT stream_seq, vin, features_json, merged_samples FROM " + env.table("alerts") + " FINAL");
        assertThat(ClickHouseGateway.longValue(alerts.get(0), "stream_seq")).isIn(alertSeq, alertSeq + 1);
        assertThat(ClickHouseGateway.stringValue(alerts.get(0), "vin")).isEqualTo(VIN);
        assertThat(ClickHouseGateway.stringValue(alerts.get(0), "features_json"))
                .isEqualTo("{\"z\":4.2}");
        assertThat(ClickHouseGateway.longValue(alerts.get(0), "merged_samples")).isEqualTo(3);
        List<JsonNode> tightening = env.clickHouse.query("SELECT tightening_id, vin, ok FROM "
                + env.table("tightening_results") + " FINAL ORDER BY tightening_id");
        assertThat(tightening)
                .extracting(r -> ClickHouseGateway.stringValue(r, "vin"))
                .containsOnly(VIN);
        assertThat(ClickHouseGateway.longValue(tightening.get(1), "ok")).isZero();
        double rejected = service.getBean(QueryMetrics.class)
                .registry()
                .find("aegis.query.rejected")
                .tag("kind", "scores")
                .counter()
                .count();
        assertThat(rejected).isEqualTo(1);
    }

    @Test
    void recordsFollowLateArrival() throws Exception {
        ConfigurableApplicationContext service = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));
        long t0 = System.currentTimeMillis() - 60_000;

        // The alert and the result reach the query side before any MES event of their station.
        publish(
                env.subjects.alerts("s2"),
                DefectAlert.newBuilder()
                        .setAlertId("alert-late")
                        .setStationId("s2")
                        .setAnomalyScore(0.9)
                        .setTriggerTorqueNm(58.0)
                        .setTimestamp(t0 + 1_000)
                        .setVin("VEHICLE-THERE-NOW")
                        .setFirmware("v0.0.1")
                        .build()
                        .toByteArray(),
                "alert-late");
        publish(
                env.subjects.tightening("s2"),
                TighteningResult.newBuilder()
                        .setStationId("s2")
                        .setTighteningId("tight-late")
                        .setTimestamp(t0 + 2_000)
                        .setOk(true)
                        .setFinalTorque(43.0)
                        .build()
                        .toByteArray(),
                "tight-late");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("alerts") == 1 && count("tightening_results") == 1);
        assertThat(stored("alerts", "vin")).isEqualTo("VEHICLE-THERE-NOW");
        assertThat(stored("tightening_results", "vin")).isEmpty();

        env.publish(MesEvents.created("wo-late", VIN, t0 - 5_000));
        env.publish(MesEvents.arrived("wo-late", VIN, "s2", t0));
        env.publish(MesEvents.flashed("wo-late", VIN, "s2", "EPS", "v2.1.4", t0 + 500));
        env.publish(MesEvents.left("wo-late", VIN, "s2", t0 + 10_000));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> VIN.equals(stored("alerts", "vin")) && VIN.equals(stored("tightening_results", "vin")));
        assertThat(stored("alerts", "firmware")).isEqualTo("v2.1.4");
        assertThat(count("alerts")).isEqualTo(1);
        assertThat(count("tightening_results")).isEqualTo(1);
        assertThat(stored("alerts", "toString(trigger_torque_nm)")).isEqualTo("58");
    }

    private String stored(String table, String column) {
        return ClickHouseGateway.stringValue(
                env.clickHouse
                        .query("SELECT " + column + " AS v FROM " + env.table(table) + " FINAL")
                        .get(0),
                "v");
    }

    private long count(String table) {
        return env.count("SELECT count() AS c FROM " + env.table(table) + " FINAL");
    }

    private long publish(String subject, byte[] body, String messageId) throws Exception {
        Headers headers = new Headers().put(TelemetryCodec.CONTENT_TYPE, TelemetryCodec.PROTOBUF);
        PublishAck ack = env.jetStream.publish(
                subject,
                headers,
                body,
                PublishOptions.builder().messageId(messageId).build());
        return ack.getSeqno();
    }
}
