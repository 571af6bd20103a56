package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The scorer in ONNX mode serves the model it finds in its folder and alerts with that model's name. */
@SpringBootTest(properties = "aegis.scorer.model=onnx")
class OnnxModeTest {

    private static final NatsTestStream NATS = new NatsTestStream();
    private static final Path MODELS = modelFolder();

    @Autowired
    ModelSource models;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        NATS.register(registry);
        registry.add("aegis.scorer.onnx.model-directory", MODELS::toString);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        NATS.close();
        try (var files = Files.list(MODELS)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(MODELS);
    }

    @Test
    void overshootingTighteningAlertsWithModel() throws Exception {
        double threshold;
        try (ScorerLease lease = models.acquire()) {
            assertThat(lease.scorer().modelName()).isEqualTo("foresight-logreg");
            assertThat(lease.scorer().modelVersion()).isEqualTo("a");
            threshold = lease.scorer().defaultAlertThreshold();
        }
        List<TorqueSample> station1 = new SyntheticLine(40, 7)
                .samples.stream()
                        .filter(sample -> sample.getStationId().equals("1"))
                        .toList();
        for (int from = 0; from < station1.size(); from += 20) {
            NATS.publishTelemetry(station1.subList(from, from + 20));
        }

        String alerts = NATS.subjects.alerts("1");
        await().atMost(Duration.ofSeconds(20)).until(() -> NATS.count(alerts) > 0);
        DefectAlert alert = DefectAlert.parseFrom(NATS.last(alerts).getData());

        assertThat(alert.getModelName()).isEqualTo("foresight-logreg");
        assertThat(alert.getModelVersion()).isEqualTo("a");
        assertThat(alert.getAnomalyScore()).isGreaterThanOrEqualTo(threshold);
        assertThat(alert.getFeaturesMap()).containsKey(FeatureSpec.TIGHTENING_PEAK);
    }

    private static Path modelFolder() {
        try {
            Path folder = Files.createTempDirectory("scorer-onnx-mode");
            try (InputStream model = OnnxModeTest.class.getResourceAsStream("/models/model-a.onnx")) {
                Files.copy(model, folder.resolve("foresight-a.onnx"));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
