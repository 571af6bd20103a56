package io.aegis.edge.publish;

/** Counts since start: torque samples and messages (telemetry batches and tightening results). */
public record PublishStatistics(
        long sentSamples,
        long acknowledgedSamples,
        long failedSamples,
        long sentMessages,
        long acknowledgedMessages,
        long failedMessages,
        long retriedMessages) {}
