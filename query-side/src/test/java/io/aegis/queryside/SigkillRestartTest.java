package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a query-side process with SIGKILL while pulled samples wait unacknowledged in its memory, starts a new process on the
 * same stream and database, and expects exactly one logical row per sample.
 *
 * <p>Each instance is a separate JVM started from this JVM's class path. The first one writes only full batches of
 * 1000 rows, so after its first inserts the rest of its samples wait in memory, unacknowledged, when the signal
 * arrives. Output of both processes goes to {@code target/sigkill-restart-*.log}.
 */
class SigkillRestartTest {

    private static final Logger log = LoggerFactory.getLogger(SigkillRestartTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 400;
    private static final int SAMPLES_PER_MESSAGE = 8;
    private static final int UNIQUE = MESSAGES * SAMPLES_PER_MESSAGE;
    /** Exit status of a process ended by signal 9 on Linux: 128 + 9. */
    private static final int SIGKILL_EXIT = 137;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private TestEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new TestEnvironment();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process process : processes) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            env.close();
        }
    }

    @Test
    void sigkillThenRestartStoresEachSampleOnce() throws Exception {
        long t0 = System.currentTimeMillis() - 30_000;
        String workOrder = "wo-s1";
        String vin = "VINS1000000000000";
        env.publish(MesEvents.created(workOrder, vin, t0 - 2_000));
        env.publish(MesEvents.arrived(workOrder, vin, "s1", t0 - 1_000));
        env.publish(MesEvents.left(workOrder, vin, "s1", t0 + 60_000));

        int firstPort = freePort();
        Process first = launch(
                "first",
                firstPort,
                Map.of(
                        "aegis.query.batch-rows", "1000",
                        "aegis.query.max-batch-rows", "1000",
                        "aegis.query.flush-interval", "1h"));
        awaitHealthUp(first, firstPort);

        List<TelemetryBatch> batches = batches(t0);
        int republished = 0;
        for (int i = 0; i < batches.size(); i++) {
            env.publish(batches.get(i));
            if (i % 10 == 0) {
                // A new message id gets past JetStream's duplicate window, so the stream stores the message twice.
                env.publish(batches.get(i), "again-" + i);
                republished++;
            }
        }
        assertThat(republished).isEqualTo(MESSAGES / 10);

        await("first process has written some rows and holds more in memory")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rawRows() > 0 && samplesInMemory(firstPort) > 0);
        long heldAtKill = samplesInMemory(firstPort);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS))
                .as("first process ends after SIGKILL")
                .isTrue();
        assertThat(first.exitValue()).as("exit status after SIGKILL").isEqualTo(SIGKILL_EXIT);
        long rowsAtKill = rawRows();
        long logicalAtKill = logicalRows();
        log.info(
                "[sigkill] killed first process: {} raw rows, {} logical rows stored, {} samples were in memory",
                rowsAtKill,
                logicalAtKill,
                heldAtKill);
        assertThat(logicalAtKill).as("logical rows when killed").isPositive().isLessThan(UNIQUE);

        int secondPort = freePort();
        Process second = launch("second", secondPort, Map.of());
        awaitHealthUp(second, secondPort);
        await("second process stores every sample once")
                .atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> logicalRows() == UNIQUE && samplesInMemory(secondPort) == 0);
        log.info("[sigkill] after restart: {} raw rows, {} logical rows", rawRows(), logicalRows());

        assertThat(second.isAlive()).as("second process still running").isTrue();
        assertThat(logicalRows()).as("logical rows").isEqualTo(UNIQUE);
        assertThat(env.count("SELECT uniqExact(station_id, timestamp, seq) AS c FROM " + env.table("telemetry")))
                .as("distinct keys")
                .isEqualTo(UNIQUE);
        assertThat(missingSeqs()).as("samples missing from ClickHouse").isEmpty();
        // Raw ClickHouse rows cannot show the copies: a background merge may already have collapsed them. The
        // stream shows that every republished message was stored a second time.
        long telemetryMessages = env
                .nats
                .jetStreamManagement()
                .getStreamInfo(env.stream, StreamInfoOptions.filterSubjects(env.subjects.telemetryAll()))
                .getStreamState()
                .getSubjectMap()
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(telemetryMessages).as("telemetry messages in the stream").isEqualTo(MESSAGES + MESSAGES / 10);
    }

    /** Starts query-side as a child JVM on this JVM's class path, logging its output to a file under target/. */
    private Process launch(String name, int port, Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(settings);
        all.put("server.port", Integer.toString(port));
        all.put("server.address", "127.0.0.1");
        Path logFile = Path.of("target", "sigkill-restart-" + name + ".log");
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                // Surefire sets java.class.path to the test class path, so the child loads the same classes.
                System.getProperty("java.class.path"),
                QuerySideApplication.class.getName()));
        command.addAll(List.of(env.arguments(all)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        processes.add(process);
        log.info("[sigkill] started {} process pid {} on port {}, output in {}", name, process.pid(), port, logFile);
        return process;
    }

    private void awaitHealthUp(Process process, int port) {
        await("query-side on port " + port + " reports UP")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("process %d alive, see target/sigkill-restart-*.log", process.pid())
                            .isTrue();
                    JsonNode health = health(port);
                    return health != null && "UP".equals(health.path("status").asText());
                });
    }

    private long samplesInMemory(int port) {
        JsonNode health = health(port);
        if (health == null) {
            return -1;
        }
        return health.findPath("samplesInMemory").asLong(-1);
    }

    /** Returns the actuator health document, or null while the service does not respond. */
    private JsonNode health(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            // 503 carries the same document while the service is DOWN.
            return JSON.readTree(
                    http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<TelemetryBatch> batches(long t0) {
        List<TelemetryBatch> batches = new ArrayList<>();
        long seq = 1;
        for (int m = 0; m < MESSAGES; m++) {
            List<TorqueSample> samples = new ArrayList<>();
            for (int s = 0; s < SAMPLES_PER_MESSAGE; s++) {
                samples.add(TorqueSample.newBuilder()
                        .setStationId("s1")
                        .setSeq(seq)
                        .setTimestamp(t0 + seq * 2)
                        .setTorque(40 + seq % 7)
                        .build());
                seq++;
            }
            batches.add(TestEnvironment.batch("s1", samples));
        }
        return batches;
    }

    private TreeSet<Long> missingSeqs() {
        TreeSet<Long> missing = new TreeSet<>();
        for (long seq = 1; seq <= UNIQUE; seq++) {
            missing.add(seq);
        }
        for (JsonNode row : env.clickHouse.query("SELECT DISTINCT seq FROM " + env.table("telemetry") + " FINAL")) {
            missing.remove(ClickHouseGateway.longValue(row, "seq"));
        }
        return missing;
    }

    private long logicalRows() {
        return env.count("SELECT count() AS c FROM " + env.table("telemetry") + " FINAL");
    }

    private long rawRows() {
        return env.count("SELECT count() AS c FROM " + env.table("telemetry"));
    }
}
