package io.aegis.scorer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counters of the scorer, exposed through /actuator/metrics and /actuator/prometheus. */
@Component
final class ScorerMetrics {

    final Counter samplesScored;
    final Counter alertsRaised;
    final Counter errors;
    final Counter invalidTelemetryBodies;
    final Counter invalidSamples;
    final Counter invalidFeatures;
    final Counter invalidMesEvents;
    final Counter samplesWarmingUp;
    final Counter samplesDuplicate;
    final Counter samplesDropped;
    final Counter scoresRecorded;
    final Counter publishFailures;
    final Counter modelSwaps;
    final Counter modelsRejected;

    ScorerMetrics(MeterRegistry registry) {
        samplesScored = Counter.builder("aegis.scorer.samples.scored")
                .description("samples that received a score")
                .register(registry);
        alertsRaised = Counter.builder("aegis.scorer.alerts.raised")
                .description("defect alerts published, after merging")
                .register(registry);
        errors = Counter.builder("aegis.scorer.errors")
                .description("samples whose scoring failed; the sample stays acknowledged and unscored")
                .register(registry);
        invalidTelemetryBodies = invalid(registry, "telemetry-body");
        invalidSamples = invalid(registry, "sample");
        invalidFeatures = invalid(registry, "features");
        invalidMesEvents = invalid(registry, "mes-event");
        samplesWarmingUp = skipped(registry, "warm-up");
        samplesDuplicate = skipped(registry, "duplicate");
        samplesDropped = skipped(registry, "queue-full");
        scoresRecorded = Counter.builder("aegis.scorer.scores.recorded")
                .description("AnomalyScore messages published (scores at or above the recording threshold)")
                .register(registry);
        publishFailures = Counter.builder("aegis.scorer.publish.failures")
                .description("alerts or scores that JetStream did not acknowledge")
                .register(registry);
        modelSwaps = Counter.builder("aegis.scorer.model.swaps")
                .description("ONNX models loaded, validated and swapped into service")
                .register(registry);
        modelsRejected = Counter.builder("aegis.scorer.model.rejected")
                .description("ONNX model files rejected as unreadable, corrupt or not matching the feature spec")
                .register(registry);
    }

    private static Counter invalid(MeterRegistry registry, String kind) {
        return Counter.builder("aegis.scorer.invalid.inputs")
                .description("inputs rejected before scoring; no verdict exists for them")
                .tag("kind", kind)
                .register(registry);
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder("aegis.scorer.samples.skipped")
                .description("valid samples acknowledged without a score")
                .tag("reason", reason)
                .register(registry);
    }
}
