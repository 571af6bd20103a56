package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.TorqueSample;
import io.nats.client.PurgeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A vehicle that arrived before the oldest event left in the stream and is still at its station is known again after
 * a restart, from the MES history stored in ClickHouse.
 */
class OpenVisitRestoreTest {

    private static final String VIN = "VINRESTORE0000001";

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
    void openVisitSurvivesStreamExpiry() throws Exception {
        long t0 = System.currentTimeMillis() - 600_000;
        env.publish(MesEvents.created("wo-open", VIN, t0 - 5_000));
        env.publish(MesEvents.arrived("wo-open", VIN, "s1", t0));
        env.publish(MesEvents.flashed("wo-open", VIN, "s1", "EPS", "v2.1.4", t0 + 1_000));

        ConfigurableApplicationContext first = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(first));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.count("SELECT count() AS c FROM " + env.table("firmware_history") + " FINAL") == 1
                        && env.count("SELECT count() AS c FROM " + env.table("station_occupancy")
                                        + " FINAL WHERE left_at = 0")
                                == 1);
        first.close();

        // The stream's retention removes the vehicle's events; a later event of another station remains.
        long last = env.nats
                .jetStreamManagement()
                .getStreamInfo(env.stream)
                .getStreamState()
                .getLastSequence();
        env.nats
                .jetStreamManagement()
                .purgeStream(
                        env.stream, PurgeOptions.builder().sequence(last + 1).build());
        env.publish(MesEvents.created("wo-later", "VINRESTORE0000002", t0 + 30_000));

        ConfigurableApplicationContext second = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(second));
        env.publish(TestEnvironment.batch("s1", samples(t0 + 60_000)));

        await().atMost(Duration.ofSeconds(30)).until(() -> logical("station_id = 's1'") == 50);
        assertThat(logical("vin = '" + VIN + "' AND status = 'JOINED' AND firmware = 'v2.1.4'"))
                .isEqualTo(50);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("mes_events") + " FINAL"))
                .as("restored events are not stored again")
                .isEqualTo(4);
    }

    private long logical(String condition) {
        return env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL WHERE " + condition);
    }

    private static List<TorqueSample> samples(long from) {
        List<TorqueSample> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(TorqueSample.newBuilder()
                    .setStationId("s1")
                    .setSeq(i + 1)
                    .setTimestamp(from + i * 10L)
                    .setTorque(42.0)
                    .build());
        }
        return samples;
    }
}
