package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.TelemetryBatch;
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
 * At-least-once delivery must leave exactly one logical row per sample: republished messages, messages redelivered
 * after an instance died mid-batch, and two instances sharing the telemetry consumer.
 *
 * <p>The restart is in-process: the first instance's threads are stopped without storing or acknowledging the samples in
 * its memory, and its NATS connection is closed. JetStream observes the same when a process dies.
 */
class ExactlyOnceEffectTest {

    private static final int MESSAGES = 150;
    private static final int SAMPLES_PER_MESSAGE = 7;

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
    void redeliveryAndRestartLeaveOneRowPerSample() throws Exception {
        long t0 = System.currentTimeMillis() - 30_000;
        coverStation("s1", t0);
        // One batch of 1000 rows is written; the remaining samples wait for a flush interval that never comes.
        ConfigurableApplicationContext first = env.start(Map.of(
                "aegis.query.batch-rows", "1000",
                "aegis.query.max-batch-rows", "1000",
                "aegis.query.flush-interval", "1h"));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(first));

        List<TelemetryBatch> batches = batches("s1", t0);
        for (TelemetryBatch batch : batches) {
            env.publish(batch);
        }
        for (int i = 0; i < batches.size(); i += 10) {
            // Every tenth message again under a new message id, so JetStream's duplicate window lets it through.
            env.publish(batches.get(i), "again-" + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> rawRows() >= 1000 && inMemory(first) > 0);
        TestEnvironment.halt(first);

        ConfigurableApplicationContext second = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(second));
        int unique = MESSAGES * SAMPLES_PER_MESSAGE;
        await().atMost(Duration.ofSeconds(45)).until(() -> logicalRows() == unique && inMemory(second) == 0);

        assertThat(logicalRows()).isEqualTo(unique);
        assertThat(distinctKeys()).isEqualTo(unique);
        assertThat(rawRows()).isGreaterThan(unique);
    }

    @Test
    void twoInstancesWriteNoDuplicates() throws Exception {
        long t0 = System.currentTimeMillis() - 30_000;
        coverStation("s1", t0);
        coverStation("s2", t0);
        Map<String, String> settings = Map.of("aegis.query.fetch-batch", "5");
        ConfigurableApplicationContext a = env.start(settings);
        ConfigurableApplicationContext b = env.start(settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(a) && TestEnvironment.isReady(b));

        List<TelemetryBatch> batches = new ArrayList<>(batches("s1", t0));
        batches.addAll(batches("s2", t0));
        for (int i = 0; i < batches.size(); i++) {
            env.publish(batches.get(i));
            if (i % 10 == 0) {
                env.publish(batches.get(i), "again-" + i);
            }
        }
        int unique = 2 * MESSAGES * SAMPLES_PER_MESSAGE;
        await().atMost(Duration.ofSeconds(45)).until(() -> logicalRows() == unique);

        assertThat(distinctKeys()).isEqualTo(unique);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL WHERE vin = ''"))
                .isZero();
        double writtenByA = written(a);
        double writtenByB = written(b);
        assertThat(writtenByA + writtenByB).isGreaterThanOrEqualTo(unique);
    }

    private void coverStation(String station, long t0) throws Exception {
        String workOrder = "wo-" + station;
        String vin = ("VIN" + station.toUpperCase() + "00000000000000").substring(0, 17);
        env.publish(MesEvents.created(workOrder, vin, t0 - 2_000));
        env.publish(MesEvents.arrived(workOrder, vin, station, t0 - 1_000));
        env.publish(MesEvents.left(workOrder, vin, station, t0 + 60_000));
    }

    private static List<TelemetryBatch> batches(String station, long t0) {
        List<TelemetryBatch> batches = new ArrayList<>();
        long seq = 1;
        for (int m = 0; m < MESSAGES; m++) {
            List<TorqueSample> samples = new ArrayList<>();
            for (int s = 0; s < SAMPLES_PER_MESSAGE; s++) {
                samples.add(TorqueSample.newBuilder()
                        .setStationId(station)
                        .setSeq(seq)
                        .setTimestamp(t0 + seq * 2)
                        .setTorque(40 + seq % 7)
                        .build());
                seq++;
            }
            batches.add(TestEnvironment.batch(station, samples));
        }
        return batches;
    }

    private static int inMemory(ConfigurableApplicationContext service) {
        return service.getBean(QuerySideRuntime.class).samplesInMemory();
    }

    private static double written(ConfigurableApplicationContext service) {
        var counter = service.getBean(QueryMetrics.class)
                .registry()
                .find("aegis.query.rows.written")
                .tag("table", "telemetry")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long logicalRows() {
        return env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL");
    }

    private long distinctKeys() {
        return env.count("SELECT count() AS c FROM (SELECT station_id, seq FROM " + env.table("telemetry")
                + " GROUP BY station_id, seq)");
    }

    private long rawRows() {
        return env.count("SELECT count() AS c FROM " + env.table("telemetry"));
    }
}
