package io.aegis.scorer;

import io.aegis.bench.Telemetry;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Feature computation and z-score scoring of the ml-scorer, per sample. The class sits in the scorer's package
 * because {@link FeatureExtractor} and {@link ZScoreScorer} are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScorerBenchmark {

    private static final int SAMPLES = 4096;

    private FeatureExtractor extractor;
    private final ZScoreScorer scorer = new ZScoreScorer();
    private TorqueSample[] samples;
    private FeatureVector features;
    private int next;

    @Setup
    public void setUp() throws IOException {
        try (InputStream json = ScorerBenchmark.class.getResourceAsStream("/features/v1.json")) {
            extractor = new FeatureExtractor(FeatureSpec.read(json));
        }
        TelemetryBatch batch = Telemetry.batch("3", 1, SAMPLES, 1_714_234_567_890L, 1000);
        samples = batch.getSamplesList().toArray(TorqueSample[]::new);
        for (TorqueSample sample : samples) {
            Optional<FeatureVector> vector = extractor.next(sample);
            if (vector.isPresent()) {
                features = vector.get();
            }
        }
    }

    @Benchmark
    public Optional<FeatureVector> features() {
        TorqueSample sample = samples[next++ & (SAMPLES - 1)];
        return extractor.next(sample);
    }

    @Benchmark
    public double zScore() {
        return scorer.score(features);
    }
}
