package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.TorqueSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stored rows follow the MES context when it changes afterwards: visit and firmware corrections, and context that
 * arrives for a station only after its samples were stored PENDING_MES. Corrections are new row versions; the raw
 * columns stay as the source sent them.
 */
class CorrectionsTest {

    private static final String VIN_A = "VINCORRECTA000001";
    private static final String VIN_B = "VINCORRECTB000002";
    private static final String VIN_C = "VINCORRECTC000003";

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
    void correctionsWriteNewVersions() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        MesEvent arrivalA = MesEvents.arrived("wo-a", VIN_A, "s1", t0);
        MesEvent flashA = MesEvents.flashed("wo-a", VIN_A, "s1", "bcm", "v1", t0 + 1_000);
        env.publish(MesEvents.created("wo-a", VIN_A, t0 - 5_000));
        env.publish(MesEvents.created("wo-b", VIN_B, t0 - 5_000));
        env.publish(arrivalA);
        env.publish(flashA);
        env.publish(MesEvents.left("wo-a", VIN_A, "s1", t0 + 5_000));
        env.publish(MesEvents.arrived("wo-b", VIN_B, "s1", t0 + 5_000));
        env.publish(MesEvents.left("wo-b", VIN_B, "s1", t0 + 10_000));
        ConfigurableApplicationContext service = env.start(Map.of("aegis.query.grace-period", "500ms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));

        env.publish(TestEnvironment.batch("s1", samples("s1", t0)));
        env.publish(TestEnvironment.batch("s9", samples("s9", t0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> logical("1") == 200);
        assertThat(logical("station_id = 's9' AND status = 'PENDING_MES'")).isEqualTo(100);
        assertThat(logical("station_id = 's1' AND vin = '" + VIN_A + "' AND firmware = 'v1'"))
                .isEqualTo(40);

        env.publish(MesEvents.visitCorrected("wo-a", VIN_A, arrivalA.getEventId(), "s1", t0 + 2_000, 0, t0 + 11_000));
        env.publish(MesEvents.firmwareCorrected("wo-a", VIN_A, flashA.getEventId(), "", "", "v1.1", t0 + 11_000));
        env.publish(MesEvents.created("wo-c", VIN_C, t0 - 5_000));
        env.publish(MesEvents.arrived("wo-c", VIN_C, "s9", t0 + 3_000));
        env.publish(MesEvents.left("wo-c", VIN_C, "s9", t0 + 20_000));

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        logical("station_id = 's1' AND status = 'NO_WORK_ORDER' AND timestamp < " + (t0 + 2_000)) == 20
                                && logical("station_id = 's9' AND vin = '" + VIN_C + "'") == 70);
        assertThat(logical("station_id = 's1' AND vin = '" + VIN_A + "'")).isEqualTo(30);
        assertThat(logical("station_id = 's1' AND vin = '" + VIN_A + "' AND firmware = 'v1.1'"))
                .isEqualTo(30);
        assertThat(logical("station_id = 's1' AND vin = '" + VIN_B + "'")).isEqualTo(50);
        assertThat(logical("station_id = 's9' AND status = 'NO_WORK_ORDER'")).isEqualTo(30);
        assertThat(logical("status = 'PENDING_MES'")).isZero();
        assertThat(logical("torque != 40 + (seq % 10)")).isZero();
        assertThat(env.count("SELECT count() AS c FROM " + env.table("telemetry")))
                .isGreaterThan(200);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("station_occupancy")
                        + " FINAL WHERE superseded_by = ''"))
                .isEqualTo(3);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("station_occupancy")
                        + " FINAL WHERE superseded_by != '' AND arrived_at = " + t0))
                .isEqualTo(1);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("firmware_history")
                        + " FINAL WHERE firmware = 'v1.1' AND corrected_by != ''"))
                .isEqualTo(1);
    }

    private long logical(String condition) {
        return env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL WHERE " + condition);
    }

    private static List<TorqueSample> samples(String station, long t0) {
        List<TorqueSample> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            samples.add(TorqueSample.newBuilder()
                    .setStationId(station)
                    .setSeq(i + 1)
                    .setTimestamp(t0 + i * 100L)
                    .setTorque(40 + ((i + 1) % 10))
                    .build());
        }
        return samples;
    }
}
