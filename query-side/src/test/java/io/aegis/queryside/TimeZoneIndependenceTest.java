package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stores a fixed scenario and compares every stored instant with constants. The build runs this class in UTC and
 * again in JVMs set to Asia/Kolkata and Europe/Berlin (see the surefire executions in this module's pom), so all
 * three must store identical instants. The samples sit on local midnights of those zones, where a time-zone slip
 * would change the day.
 */
class TimeZoneIndependenceTest {

    /** 2024-04-27T18:29:59.999Z, one millisecond before midnight in Asia/Kolkata. */
    private static final long KOLKATA_MIDNIGHT_MINUS_1 = 1_714_242_599_999L;
    /** 2024-04-27T22:00:00.000Z, midnight in Europe/Berlin (summer time). */
    private static final long BERLIN_MIDNIGHT = 1_714_255_200_000L;

    private static final long BRIEF_SAMPLE = 1_714_234_567_890L;
    private static final String VIN = "1HGBH41JXMN100005";

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
    void storedInstantsIgnoreJvmZone() throws Exception {
        String expectedZone = System.getProperty("aegis.test.expected-timezone");
        if (expectedZone != null) {
            assertThat(TimeZone.getDefault().getID()).isEqualTo(expectedZone);
        }
        env.publish(MesEvents.created("wo-tz", VIN, BRIEF_SAMPLE - 60_000));
        env.publish(MesEvents.arrived("wo-tz", VIN, "5", BRIEF_SAMPLE - 50_000));
        env.publish(MesEvents.flashed("wo-tz", VIN, "5", "eps", "v2.1.4", BRIEF_SAMPLE - 40_000));
        env.publish(MesEvents.left("wo-tz", VIN, "5", BERLIN_MIDNIGHT + 1_000));
        ConfigurableApplicationContext service = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));

        env.publish(TestEnvironment.batch(
                "5",
                List.of(
                        sample(1, BRIEF_SAMPLE, 43.21),
                        sample(2, KOLKATA_MIDNIGHT_MINUS_1, 43.5),
                        sample(3, BERLIN_MIDNIGHT, 44.0))));

        String select = "SELECT seq, timestamp, toString(toDate(intDiv(timestamp, 1000))) AS day, vin, firmware FROM "
                + env.table("telemetry") + " FINAL ORDER BY seq";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.clickHouse.query(select).size() == 3);
        List<JsonNode> rows = env.clickHouse.query(select);

        assertThat(rows)
                .extracting(r -> ClickHouseGateway.longValue(r, "timestamp"))
                .containsExactly(BRIEF_SAMPLE, KOLKATA_MIDNIGHT_MINUS_1, BERLIN_MIDNIGHT);
        assertThat(rows)
                .extracting(r -> ClickHouseGateway.stringValue(r, "vin"))
                .containsOnly(VIN);
        assertThat(rows)
                .extracting(r -> ClickHouseGateway.stringValue(r, "firmware"))
                .containsOnly("v2.1.4");
        long occupiedFrom = ClickHouseGateway.longValue(
                env.clickHouse
                        .query("SELECT arrived_at FROM " + env.table("station_occupancy") + " FINAL")
                        .get(0),
                "arrived_at");
        assertThat(occupiedFrom).isEqualTo(BRIEF_SAMPLE - 50_000);
    }

    private static TorqueSample sample(long seq, long timestamp, double torque) {
        return TorqueSample.newBuilder()
                .setStationId("5")
                .setSeq(seq)
                .setTimestamp(timestamp)
                .setTorque(torque)
                .build();
    }
}
