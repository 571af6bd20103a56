package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.proto.v1.TorqueSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays ten real OK tightenings recorded on a Bosch Rexroth CS351 controller (test resources, screwdriving/, with
 * their attribution) through feature extraction and scoring. Every run is OK, so every alert is a false alarm.
 */
class Cs351ReplayTest {

    /** Stated limit for the baseline: none of the ten OK runs may raise an alert. */
    private static final double BASELINE_MAX_FALSE_ALARMS_PER_1000 = 0.0;

    /** Stated limit for the test model trained on the synthetic line: at most one of the ten OK runs. */
    private static final double MODEL_MAX_FALSE_ALARMS_PER_1000 = 100.0;

    private static final Logger log = LoggerFactory.getLogger(Cs351ReplayTest.class);

    private static final long BASE = 1_700_000_000_000L;

    @TempDir
    Path folder;

    @Test
    void baselineRaisesNoFalseAlarmOnOkRuns() throws IOException {
        List<TorqueSample> samples = replay();
        FeatureSpec spec = FeatureExtractorTest.spec();

        double falseAlarms = falseAlarmsPer1000(samples, spec, new ZScoreScorer());

        log.info(
                "CS351 replay, baseline: {} samples, {} false alarms per 1,000 tightenings",
                samples.size(),
                falseAlarms);
        assertThat(samples).hasSize(9200);
        assertThat(falseAlarms).isLessThanOrEqualTo(BASELINE_MAX_FALSE_ALARMS_PER_1000);
    }

    @Test
    void trainedTestModelStaysWithinLimit() throws Exception {
        List<TorqueSample> samples = replay();
        FeatureSpec spec = FeatureExtractorTest.spec();
        Path model = folder.resolve("model-a.onnx");
        try (InputStream resource = getClass().getResourceAsStream("/models/model-a.onnx")) {
            Files.copy(resource, model);
        }

        try (OnnxScorer scorer = OnnxScorer.load(OrtEnvironment.getEnvironment(), model, spec, 1)) {
            double falseAlarms = falseAlarmsPer1000(samples, spec, scorer);
            log.info(
                    "CS351 replay, synthetic-trained model {}: {} false alarms per 1,000 tightenings",
                    scorer.modelVersion(),
                    falseAlarms);
            assertThat(falseAlarms).isLessThanOrEqualTo(MODEL_MAX_FALSE_ALARMS_PER_1000);
        }
    }

    private static double falseAlarmsPer1000(List<TorqueSample> samples, FeatureSpec spec, AnomalyScorer scorer) {
        FeatureExtractor extractor = new FeatureExtractor(spec);
        Set<String> runs = new HashSet<>();
        Set<String> alerted = new HashSet<>();
        for (TorqueSample sample : samples) {
            runs.add(sample.getTighteningId());
            extractor.next(sample).ifPresent(vector -> {
                if (scorer.score(vector) >= scorer.defaultAlertThreshold()) {
                    alerted.add(sample.getTighteningId());
                }
            });
        }
        return 1000.0 * alerted.size() / runs.size();
    }

    /** Returns the samples of all runs in labels.csv order, one station, runs 10 s apart. */
    private List<TorqueSample> replay() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<TorqueSample> samples = new ArrayList<>();
        List<String[]> labels = labels();
        for (int run = 0; run < labels.size(); run++) {
            String[] label = labels.get(run);
            JsonNode tightening;
            try (InputStream file = resource(label[2] + "/" + label[1])) {
                tightening = json.readTree(file);
            }
            for (JsonNode step : tightening.get("tightening steps")) {
                JsonNode graph = step.get("graph");
                for (int i = 0; i < graph.get("torque values").size(); i++) {
                    long offsetMs = Math.round(graph.get("time values").get(i).asDouble() * 1000.0);
                    samples.add(TorqueSample.newBuilder()
                            .setStationId("cs351")
                            .setSeq(samples.size() + 1)
                            .setTimestamp(BASE + run * 10_000L + offsetMs)
                            .setTorque(graph.get("torque values").get(i).asDouble())
                            .setAngleDeg(graph.get("angle values").get(i).asDouble())
                            .setHasAngle(true)
                            .setTighteningId(label[0])
                            .setSource("rexroth-file")
                            .build());
                }
            }
        }
        return samples;
    }

    /** Returns run_id, file_name and class_value of each row of labels.csv. */
    private List<String[]> labels() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(resource("labels.csv"), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split(",");
                rows.add(new String[] {fields[0], fields[1], fields[2]});
            }
        }
        return rows;
    }

    private InputStream resource(String name) {
        return getClass().getResourceAsStream("/screwdriving/" + name);
    }
}
