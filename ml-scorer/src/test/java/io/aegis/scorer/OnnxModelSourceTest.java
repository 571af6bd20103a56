package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap of ONNX models from a folder; the models in test resources were written by training/train.py. */
class OnnxModelSourceTest {

    @TempDir
    Path folder;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScorerMetrics metrics = new ScorerMetrics(registry);
    private FeatureSpec spec;
    private OnnxModelSource source;
    private long clock = 1_700_000_000_000L;

    @BeforeEach
    void open() throws IOException {
        spec = FeatureExtractorTest.spec();
        source = new OnnxModelSource(folder, spec, 1, new ZScoreScorer(), metrics);
    }

    @AfterEach
    void close() {
        source.close();
    }

    @Test
    void emptyFolderServesBaseline() {
        source.check();

        try (ScorerLease lease = source.acquire()) {
            assertThat(lease.scorer().modelName()).isEqualTo(ZScoreScorer.NAME);
        }
    }

    @Test
    void newestModelIsServedWithMetadata() throws IOException {
        install("model-a.onnx", "foresight-a.onnx");
        source.check();

        try (ScorerLease lease = source.acquire()) {
            assertThat(lease.scorer().modelName()).isEqualTo("foresight-logreg");
            assertThat(lease.scorer().modelVersion()).isEqualTo("a");
            assertThat(lease.scorer().defaultAlertThreshold()).isBetween(0.5, 0.99);
            assertThat(lease.scorer().score(vector(43.0))).isBetween(0.0, 1.0);
        }
        assertThat(metrics.modelSwaps.count()).isEqualTo(1.0);
    }

    @Test
    void corruptModelIsRejectedAndCurrentKeepsServing() throws IOException {
        install("model-a.onnx", "foresight-a.onnx");
        source.check();
        install("corrupt.onnx", "foresight-corrupt.onnx");
        source.check();
        source.check();

        try (ScorerLease lease = source.acquire()) {
            assertThat(lease.scorer().modelVersion()).isEqualTo("a");
        }
        assertThat(metrics.modelsRejected.count()).isEqualTo(1.0);
    }

    @Test
    void modelForOtherFeatureSpecIsRejected() throws IOException {
        install("wrong-spec.onnx", "foresight-old.onnx");
        source.check();

        try (ScorerLease lease = source.acquire()) {
            assertThat(lease.scorer().modelName()).isEqualTo(ZScoreScorer.NAME);
        }
        assertThat(metrics.modelsRejected.count()).isEqualTo(1.0);
    }

    @Test
    void nonFiniteFeaturesAreInvalid() throws IOException {
        install("model-a.onnx", "foresight-a.onnx");
        source.check();
        double[] values = vector(43.0).values().clone();
        values[3] = Double.NaN;

        try (ScorerLease lease = source.acquire()) {
            assertThatThrownBy(() -> lease.scorer().score(new FeatureVector(spec, values)))
                    .isInstanceOf(InvalidFeaturesException.class)
                    .hasMessageContaining("z_score");
        }
    }

    @Test
    void swappedOutModelClosesAfterItsLastLease() throws IOException {
        install("model-a.onnx", "foresight-a.onnx");
        source.check();
        ScorerLease heldLease = source.acquire();
        AnomalyScorer modelA = heldLease.scorer();

        install("model-b.onnx", "foresight-b.onnx");
        source.check();

        try (ScorerLease lease = source.acquire()) {
            assertThat(lease.scorer().modelVersion()).isEqualTo("b");
        }
        assertThat(modelA.score(vector(43.0))).isBetween(0.0, 1.0);
        heldLease.close();
        assertThatThrownBy(() -> modelA.score(vector(43.0))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void swapsUnderLoadLoseNoCall() throws Exception {
        install("model-a.onnx", "foresight-a.onnx");
        source.check();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                started.countDown();
                // Bounded by the stop flag, which the test sets after six swaps, and by the pool timeout below.
                while (!stop.get()) {
                    try (ScorerLease lease = source.acquire()) {
                        double score = lease.scorer().score(vector(43.0 + calls.get() % 5));
                        if (!(score >= 0.0 && score <= 1.0)) {
                            throw new AssertionError("score " + score + " outside 0..1");
                        }
                        versions.add(lease.scorer().modelVersion());
                    }
                    calls.incrementAndGet();
                }
                return null;
            }));
        }
        started.await(10, TimeUnit.SECONDS);
        for (int swap = 0; swap < 6; swap++) {
            long before = calls.get();
            install(swap % 2 == 0 ? "model-b.onnx" : "model-a.onnx", "foresight-" + swap + ".onnx");
            source.check();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (calls.get() < before + 50 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (Future<?> worker : workers) {
            worker.get();
        }

        assertThat(metrics.modelSwaps.count()).isEqualTo(7.0);
        assertThat(versions).containsExactlyInAnyOrder("a", "b");
        assertThat(calls.get()).isGreaterThan(300);
        try (ScorerLease lease = source.acquire()) {
            assertThat(lease.scorer().modelVersion()).isEqualTo("a");
        }
    }

    /** Copies a test model into the folder with a modification time later than every earlier copy. */
    private void install(String resource, String name) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream model = getClass().getResourceAsStream("/models/" + resource)) {
            Files.copy(model, target, StandardCopyOption.REPLACE_EXISTING);
        }
        clock += 1_000;
        Files.setLastModifiedTime(target, FileTime.fromMillis(clock));
    }

    private FeatureVector vector(double torque) {
        return new FeatureVector(
                spec, new double[] {torque, 43.0, 0.5, (torque - 43.0) / 1.0, 10.0, torque, 90.0, 50.0});
    }
}
