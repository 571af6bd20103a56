package io.aegis.edge.sim;

import io.aegis.contract.Subjects;
import io.aegis.edge.mes.MesCommandClient;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.PublishStatistics;
import io.aegis.edge.publish.SequenceGapMonitor;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.WorkOrderCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the plant simulator on its own thread while the application runs. On stop (SIGINT or SIGTERM included) it
 * stops generating, flushes the gateways, drains the publish window and the command queue, and logs the sent,
 * acknowledged and failed counts.
 */
@Component
@ConditionalOnProperty(name = "aegis.simulator.enabled", havingValue = "true")
class SimulatorRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SimulatorRunner.class);

    private final SimulatorProperties configured;
    private final Subjects subjects;
    private final JetStreamPublisher publisher;
    private final MesCommandClient mes;
    private final SequenceGapMonitor gaps;
    private final Clock clock;
    private final StreamDigest digest = new StreamDigest();

    private volatile boolean running;
    private volatile boolean stopRequested;
    private Thread thread;
    private PlantSimulation simulation;
    private GroundTruthWriter groundTruth;
    private SimulationSink sink;

    SimulatorRunner(
            SimulatorProperties configured,
            Subjects subjects,
            JetStreamPublisher publisher,
            MesCommandClient mes,
            SequenceGapMonitor gaps) {
        this.configured = configured;
        this.subjects = subjects;
        this.publisher = publisher;
        this.mes = mes;
        this.gaps = gaps;
        this.clock = Clock.systemUTC();
    }

    @Override
    public synchronized void start() {
        SimulatorProperties properties = configured.start() != null ? configured : configured.withStart(nextSecond());
        simulation = new PlantSimulation(properties);
        groundTruth =
                new GroundTruthWriter(Path.of(properties.groundTruthDir()), simulation.runId(), simulation.describe());
        sink = new Tee(new PublishingSink(subjects, publisher, mes, groundTruth, gaps), digest);
        stopRequested = false;
        running = true;
        thread = new Thread(() -> run(properties), "plant-simulator");
        thread.start();
        log.info(
                "[simulator] run {} started: {} stations at {} Hz, seed {}, takt {}, start {}, {}; ground truth in {}",
                simulation.runId(),
                properties.stations(),
                properties.rateHz(),
                properties.seed(),
                properties.taktTime(),
                properties.start(),
                properties.live() ? "paced to the wall clock" : "unpaced",
                groundTruth.directory());
    }

    private Instant nextSecond() {
        long now = clock.millis();
        return Instant.ofEpochMilli((now / 1000 + 1) * 1000);
    }

    private void run(SimulatorProperties properties) {
        long end = properties.duration() == null
                ? Long.MAX_VALUE
                : properties.start().toEpochMilli() + properties.duration().toMillis();
        try {
            while (!stopRequested && simulation.cursor() < end) {
                long windowEnd = simulation.cursor() + simulation.batchIntervalMillis();
                if (properties.live()) {
                    long wait = windowEnd - clock.millis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                simulation.step(sink);
            }
            if (!stopRequested) {
                log.info(
                        "[simulator] run {} reached its configured duration {}",
                        simulation.runId(),
                        properties.duration());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("[simulator] run {} stopped after an unexpected error", simulation.runId(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        stopRequested = true;
        try {
            thread.join();
            simulation.flush(sink);
            boolean allAcknowledged = publisher.drain();
            mes.drain();
            int unacknowledged = publisher.inFlight();
            groundTruth.close();
            PublishStatistics stats = publisher.statistics();
            MesCommandClient.MesStatistics commands = mes.statistics();
            log.info(
                    "[simulator] run {} stopped at simulated {}: samples sent {}, acknowledged {}, failed {};"
                            + " messages sent {}, acknowledged {}, failed {}, retried {}; MES commands ok {},"
                            + " replayed {}, rejected {}, failed {}; stream sha256 {} over {} items{}",
                    simulation.runId(),
                    Instant.ofEpochMilli(simulation.cursor()),
                    stats.sentSamples(),
                    stats.acknowledgedSamples(),
                    stats.sentSamples() - stats.acknowledgedSamples(),
                    stats.sentMessages(),
                    stats.acknowledgedMessages(),
                    stats.sentMessages() - stats.acknowledgedMessages(),
                    stats.retriedMessages(),
                    commands.ok(),
                    commands.replayed(),
                    commands.rejected(),
                    commands.failed(),
                    digest.hex(),
                    digest.items(),
                    allAcknowledged
                            ? ""
                            : "; " + unacknowledged + " messages are still unacknowledged and are spooled at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn(
                    "[simulator] interrupted while draining; the publisher spools what is unacknowledged when it stops");
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Returns the digest of the stream emitted so far. */
    StreamDigest digest() {
        return digest;
    }

    /** Returns whether the simulation thread has finished (configured duration reached or stopped). */
    boolean finished() {
        return thread != null && !thread.isAlive();
    }

    /** Sends every item to two sinks, in order. */
    private record Tee(SimulationSink first, SimulationSink second) implements SimulationSink {

        @Override
        public void telemetry(TelemetryBatch batch) throws InterruptedException {
            first.telemetry(batch);
            second.telemetry(batch);
        }

        @Override
        public void tightening(TighteningResult result) throws InterruptedException {
            first.tightening(result);
            second.tightening(result);
        }

        @Override
        public void command(WorkOrderCommand command) throws InterruptedException {
            first.command(command);
            second.command(command);
        }

        @Override
        public void groundTruth(GroundTruthRecord record) throws InterruptedException {
            first.groundTruth(record);
            second.groundTruth(record);
        }
    }
}
