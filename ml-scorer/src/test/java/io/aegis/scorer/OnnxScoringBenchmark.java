package io.aegis.scorer;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call cost of scoring one feature vector after warm-up: the ONNX path (the test model written by train.py,
 * one intra-op thread, spinning off) and the z-score baseline. Not a test; run it as described in docs/foresight.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OnnxScoringBenchmark {

    private OnnxScorer onnx;
    private ZScoreScorer baseline;
    private FeatureVector vector;
    private Path folder;

    @Setup(Level.Trial)
    public void load() throws IOException, ModelRejectedException {
        FeatureSpec spec;
        try (InputStream json = getClass().getResourceAsStream("/features/v1.json")) {
            spec = FeatureSpec.read(json);
        }
        folder = Files.createTempDirectory("scorer-benchmark");
        Path model = folder.resolve("model-a.onnx");
        try (InputStream resource = getClass().getResourceAsStream("/models/model-a.onnx")) {
            Files.copy(resource, model);
        }
        onnx = OnnxScorer.load(OrtEnvironment.getEnvironment(), model, spec, 1);
        baseline = new ZScoreScorer();
        vector = new FeatureVector(spec, new double[] {44.1, 43.0, 0.4, 1.1, 120.0, 44.1, 270.0, 95.0});
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        onnx.close();
        Files.deleteIfExists(folder.resolve("model-a.onnx"));
        Files.deleteIfExists(folder);
    }

    @Benchmark
    public double onnxScore() {
        return onnx.score(vector);
    }

    @Benchmark
    public double zScoreBaseline() {
        return baseline.score(vector);
    }
}
