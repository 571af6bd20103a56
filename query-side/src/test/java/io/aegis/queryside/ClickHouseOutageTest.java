package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A 60 s ClickHouse outage in the middle of a stream of telemetry: the service stops pulling, keeps at most its
 * configured number of samples in memory, reports itself unhealthy, and after the server returns stores every sample
 * exactly once. The outage is caused on a ClickHouse server this test starts itself on another loopback port, because
 * stopping the shared server would break other tests and services.
 */
class ClickHouseOutageTest {

    private static final int MAX_IN_MEMORY = 1_000;
    private static final int SAMPLES_PER_MESSAGE = 10;

    @Test
    void outageLosesNothingAndBoundsMemory() throws Exception {
        Path directory = Path.of("target", "clickhouse-outage-" + UUID.randomUUID());
        try (PrivateClickHouse server = new PrivateClickHouse(directory)) {
            server.start();
            try (TestEnvironment env = new TestEnvironment(server.url())) {
                run(env, server);
            }
        }
    }

    private void run(TestEnvironment env, PrivateClickHouse server) throws Exception {
        long t0 = System.currentTimeMillis() - 120_000;
        String vin = "VINOUTAGE00000001";
        env.publish(MesEvents.created("wo-out", vin, t0 - 2_000));
        env.publish(MesEvents.arrived("wo-out", vin, "s1", t0 - 1_000));
        env.publish(MesEvents.left("wo-out", vin, "s1", t0 + 100_000));
        ConfigurableApplicationContext service = env.start(Map.of(
                "aegis.clickhouse.url", server.url(),
                "aegis.query.max-samples-in-memory", String.valueOf(MAX_IN_MEMORY),
                "aegis.query.batch-rows", "200",
                "aegis.query.fetch-batch", "50",
                "aegis.query.ack-wait", "10s"));
        await().atMost(Duration.ofSeconds(60)).until(() -> TestEnvironment.isReady(service));
        ClickHouseAvailability availability = service.getBean(ClickHouseAvailability.class);
        QuerySideRuntime runtime = service.getBean(QuerySideRuntime.class);

        publish(env, t0, 1, 100);
        await().atMost(Duration.ofSeconds(30)).until(() -> logicalRows(env) == 100 * SAMPLES_PER_MESSAGE);

        server.kill();
        long outageStart = System.nanoTime();
        publish(env, t0, 101, 500);
        await().atMost(Duration.ofSeconds(30)).until(availability::isDown);
        int maxSeen = 0;
        while (System.nanoTime() - outageStart < Duration.ofSeconds(60).toNanos()) {
            maxSeen = Math.max(maxSeen, runtime.samplesInMemory());
            assertThat(TestEnvironment.isReady(service)).isFalse();
            Thread.sleep(200);
        }
        server.start();

        int unique = 500 * SAMPLES_PER_MESSAGE;
        await().atMost(Duration.ofSeconds(60)).until(() -> logicalRows(env) == unique);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestEnvironment.isReady(service));

        assertThat(logicalRows(env)).isEqualTo(unique);
        assertThat(env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL WHERE vin != " + "'" + vin
                        + "'"))
                .isZero();
        assertThat(maxSeen).isPositive();
        // A fetch is sized by the room left, so memory overshoots the bound by at most one message.
        assertThat(maxSeen).isLessThanOrEqualTo(MAX_IN_MEMORY + SAMPLES_PER_MESSAGE);
        assertThat(availability.outages()).isEqualTo(1);
    }

    private static void publish(TestEnvironment env, long t0, int firstMessage, int lastMessage) throws Exception {
        for (int m = firstMessage; m <= lastMessage; m++) {
            List<TorqueSample> samples = new ArrayList<>();
            for (int s = 0; s < SAMPLES_PER_MESSAGE; s++) {
                long seq = (long) (m - 1) * SAMPLES_PER_MESSAGE + s + 1;
                samples.add(TorqueSample.newBuilder()
                        .setStationId("s1")
                        .setSeq(seq)
                        .setTimestamp(t0 + seq * 10)
                        .setTorque(41.5)
                        .build());
            }
            TelemetryBatch batch = TestEnvironment.batch("s1", samples);
            env.publish(batch);
        }
    }

    private static long logicalRows(TestEnvironment env) {
        try {
            return env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL");
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
