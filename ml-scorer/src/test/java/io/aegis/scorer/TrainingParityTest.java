package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a model with training/train.py on a synthetic line stored in a fresh ClickHouse database, then checks that
 * the Java feature extractor and the Java ONNX path reproduce the features and scores Python computed.
 */
class TrainingParityTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path work;

    @Test
    void javaFeaturesAndScoresMatchPython() throws Exception {
        Assumptions.assumeTrue(
                pythonHasPackages(),
                "skipped: /usr/bin/python3 lacks numpy, sklearn or onnx; install the Debian packages python3-numpy "
                        + "python3-sklearn python3-onnx (the launcher's test and train commands install them)");
        SyntheticLine line = new SyntheticLine(300, 7);
        JsonNode expected;
        try (ClickHouseTestDatabase database = new ClickHouseTestDatabase()) {
            database.insert("telemetry", line.telemetryRows.toString());
            database.insert("tightening_results", line.resultRows.toString());
            database.insert("defects", line.defectRows.toString());
            expected = train(database.name);
        }

        FeatureSpec spec = FeatureExtractorTest.spec();
        Map<String, FeatureVector> javaFeatures = javaFeatures(spec, line.samples);
        JsonNode keys = expected.get("keys");
        JsonNode pythonFeatures = expected.get("features");
        JsonNode pythonScores = expected.get("scores");
        assertThat(keys.size()).isEqualTo(200);

        Path model = Path.of(expected.get("model_file").asText());
        try (OnnxScorer scorer = OnnxScorer.load(OrtEnvironment.getEnvironment(), model, spec, 1)) {
            for (int row = 0; row < keys.size(); row++) {
                String key = keys.get(row).get(0).asText() + ":"
                        + keys.get(row).get(1).asLong();
                FeatureVector java = javaFeatures.get(key);
                assertThat(java).as("Java features of sample %s", key).isNotNull();
                double[] python = new double[spec.size()];
                for (int f = 0; f < spec.size(); f++) {
                    python[f] = pythonFeatures.get(row).get(f).asDouble();
                    assertThat(java.values()[f])
                            .as("feature %s of sample %s", spec.names().get(f), key)
                            .isCloseTo(python[f], within(1e-6));
                }
                double expectedScore = pythonScores.get(row).asDouble();
                assertThat(scorer.score(new FeatureVector(spec, python)))
                        .as("ONNX score of Python features of sample %s", key)
                        .isCloseTo(expectedScore, within(1e-5));
                assertThat(scorer.score(java))
                        .as("ONNX score of Java features of sample %s", key)
                        .isCloseTo(expectedScore, within(1e-5));
            }
        }
    }

    private JsonNode train(String database) throws IOException, InterruptedException {
        Path expected = work.resolve("expected.json");
        Path log = work.resolve("train.log");
        Process process = new ProcessBuilder(
                        PYTHON,
                        Path.of("training", "train.py").toString(),
                        "--database",
                        database,
                        "--since-ms",
                        Long.toString(SyntheticLine.START),
                        "--until-ms",
                        Long.toString(SyntheticLine.END),
                        "--model-dir",
                        work.resolve("models").toString(),
                        "--model-version",
                        "parity",
                        "--expected-outputs",
                        expected.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("train.py finished within 120 s").isTrue();
        assertThat(process.exitValue())
                .as("train.py exit code; output:%n%s", Files.readString(log))
                .isZero();
        return new ObjectMapper().readTree(expected.toFile());
    }

    /** Features in the order training reads rows: per station, by timestamp and then sequence. */
    private static Map<String, FeatureVector> javaFeatures(FeatureSpec spec, List<TorqueSample> samples) {
        List<TorqueSample> ordered = new ArrayList<>(samples);
        ordered.sort((a, b) -> {
            int byStation = a.getStationId().compareTo(b.getStationId());
            if (byStation != 0) {
                return byStation;
            }
            int byTime = Long.compare(a.getTimestamp(), b.getTimestamp());
            return byTime != 0 ? byTime : Long.compare(a.getSeq(), b.getSeq());
        });
        FeatureExtractor extractor = new FeatureExtractor(spec);
        Map<String, FeatureVector> byKey = new HashMap<>();
        for (TorqueSample sample : ordered) {
            extractor
                    .next(sample)
                    .ifPresent(vector -> byKey.put(sample.getStationId() + ":" + sample.getSeq(), vector));
        }
        return byKey;
    }

    private static boolean pythonHasPackages() {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import numpy, sklearn, onnx")
                    .redirectErrorStream(true)
                    .start();
            return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
