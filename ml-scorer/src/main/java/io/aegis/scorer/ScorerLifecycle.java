package io.aegis.scorer;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts scoring before consuming and stops consuming before scoring, so no acknowledged sample is left queued
 * behind a stopped scorer.
 */
@Component
class ScorerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScorerLifecycle.class);

    private final ScoringPipeline pipeline;
    private final MesListener mesListener;
    private final TelemetryListener telemetryListener;
    private volatile boolean running;

    ScorerLifecycle(ScoringPipeline pipeline, MesListener mesListener, TelemetryListener telemetryListener) {
        this.pipeline = pipeline;
        this.mesListener = mesListener;
        this.telemetryListener = telemetryListener;
    }

    @Override
    public void start() {
        pipeline.start();
        try {
            mesListener.start();
            telemetryListener.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the NATS consumers failed", e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("starting the NATS consumers failed: " + e.getMessage(), e);
        }
        running = true;
        log.info("[scorer] started");
    }

    @Override
    public void stop() {
        telemetryListener.stop();
        mesListener.stop();
        try {
            pipeline.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        log.info("[scorer] stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
