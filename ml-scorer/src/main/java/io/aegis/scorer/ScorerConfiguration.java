package io.aegis.scorer;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Wires the NATS connection, the feature pipeline and the model in service. */
@Configuration(proxyBeanMethods = false)
class ScorerConfiguration {

    @Bean
    Subjects subjects(NatsProperties nats) {
        return new Subjects(nats.subjectRoot());
    }

    @Bean(destroyMethod = "close")
    Connection natsConnection(NatsProperties nats, Subjects subjects)
            throws IOException, InterruptedException, JetStreamApiException {
        Connection connection = NatsConnector.connect(nats.url(), nats.user(), nats.password(), "ml-scorer");
        AegisStream.ensure(connection, nats.stream(), subjects);
        return connection;
    }

    @Bean
    FeatureSpec featureSpec(ScorerProperties properties, ResourceLoader resources) throws IOException {
        Resource resource = resources.getResource(properties.featureSpec());
        try (InputStream json = resource.getInputStream()) {
            return FeatureSpec.read(json);
        } catch (IOException e) {
            throw new IOException(
                    "feature spec " + properties.featureSpec() + " (aegis.scorer.feature-spec) is unreadable: "
                            + e.getMessage(),
                    e);
        }
    }

    @Bean
    ModelSource modelSource(ScorerProperties properties, FeatureSpec spec, ScorerMetrics metrics) {
        return switch (properties.model()) {
            case "zscore" -> ModelSource.fixed(new ZScoreScorer());
            case "onnx" -> {
                ScorerProperties.Onnx onnx = properties.onnx();
                OnnxModelSource source = new OnnxModelSource(
                        onnx.modelDirectory(), spec, onnx.intraOpThreads(), new ZScoreScorer(), metrics);
                source.start(onnx.pollInterval());
                yield source;
            }
            default ->
                throw new IllegalArgumentException(
                        "aegis.scorer.model '" + properties.model() + "' is invalid: use zscore or onnx");
        };
    }

    @Bean
    StationOccupancy stationOccupancy() {
        return new StationOccupancy();
    }

    @Bean
    ResultPublisher resultPublisher(Connection connection, Subjects subjects, ScorerMetrics metrics)
            throws IOException {
        return new ResultPublisher(connection.jetStream(), subjects, metrics);
    }

    @Bean
    ScoringPipeline scoringPipeline(
            FeatureSpec spec,
            ModelSource models,
            StationOccupancy occupancy,
            ResultPublisher publisher,
            ScorerProperties properties,
            ScorerMetrics metrics) {
        AlertMerger merger = new AlertMerger(
                properties.mergeWindow(), properties.maxAlertSpan(), Clock.systemUTC(), publisher::publishAlert);
        return new ScoringPipeline(
                new FeatureExtractor(spec), models, occupancy, merger, publisher, properties, metrics);
    }

    @Bean
    TelemetryListener telemetryListener(
            Connection connection,
            NatsProperties nats,
            Subjects subjects,
            ScorerProperties properties,
            ScoringPipeline pipeline,
            ScorerMetrics metrics) {
        return new TelemetryListener(
                connection, nats.stream(), subjects, properties.telemetryConsumer(), pipeline, metrics);
    }

    @Bean
    MesListener mesListener(
            Connection connection,
            NatsProperties nats,
            Subjects subjects,
            StationOccupancy occupancy,
            ScorerMetrics metrics) {
        return new MesListener(connection, nats.stream(), subjects, occupancy, metrics);
    }
}
