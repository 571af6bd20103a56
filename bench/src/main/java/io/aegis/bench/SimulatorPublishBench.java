package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.edge.publish.Publishers;
import io.aegis.edge.publish.TighteningMessages;
import io.aegis.edge.sim.GroundTruthRecord;
import io.aegis.edge.sim.PlantSimulation;
import io.aegis.edge.sim.SimulationSink;
import io.aegis.edge.sim.SimulatorProperties;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.WorkOrderCommand;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plant simulator publish rate: the edge bridge's simulator, unpaced, generating 6 stations at 1 kHz and publishing
 * its telemetry and tightening results through the {@link JetStreamPublisher}, against a raw jnats publishAsync loop
 * sending the messages of the same simulation to the same stream. Each run and side simulates another day, so the
 * message ids never repeat and JetStream stores every copy.
 */
final class SimulatorPublishBench {

    private static final int STATIONS = 6;
    private static final int RATE_HZ = 1000;
    private static final Instant FIRST_DAY = Instant.parse("2025-01-06T06:00:00Z");

    private SimulatorPublishBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int samples = o.integer("samples", 120_000);
        int runs = o.integer("runs", 3);
        long limitMs = o.seconds("limit", 120).toMillis();
        Subjects subjects = Macro.subjects(o);
        Duration simulated = Duration.ofMillis(1000L * samples / (STATIONS * RATE_HZ));
        try (Connection connection = Macro.connect(o)) {
            Path spool = Files.createTempDirectory("aegis-bench-spool");
            // Run 0 warms up both sides; Results prints it and keeps it out of the report.
            for (int run = 0; run <= runs; run++) {
                SimulatorProperties aegisDay = properties(FIRST_DAY.plus(Duration.ofDays(2L * run)), simulated);
                double aegis = viaSimulator(connection, spool, subjects, aegisDay, limitMs);
                results.write("simulator_publish", "aegis", run, aegis, "samples/s");

                SimulatorProperties baselineDay = properties(FIRST_DAY.plus(Duration.ofDays(2L * run + 1)), simulated);
                List<OutboundMessage> messages = capture(subjects, baselineDay);
                double raw = PublishBench.viaRawLoop(connection.jetStream(), messages, limitMs);
                results.write("simulator_publish", "baseline", run, raw, "samples/s");
            }
        }
    }

    /** Returns simulator settings for an unpaced run of {@code simulated} time from {@code start}, faults off. */
    private static SimulatorProperties properties(Instant start, Duration simulated) {
        SimulatorProperties.Faults noFaults = new SimulatorProperties.Faults(
                false,
                0,
                0,
                "v2.1.4",
                0,
                0,
                0,
                "5",
                0,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(3),
                Duration.ofSeconds(30));
        return new SimulatorProperties(
                true,
                STATIONS,
                RATE_HZ,
                42,
                Duration.ofSeconds(20),
                Duration.ofMillis(10),
                start,
                false,
                simulated,
                4,
                "2",
                "EPS",
                List.of("v2.1.3", "v2.1.4"),
                "AEGIS-SEDAN",
                "",
                noFaults);
    }

    /** Runs the simulator into the edge publisher until every message is acknowledged; returns samples per second. */
    private static double viaSimulator(
            Connection connection, Path spool, Subjects subjects, SimulatorProperties properties, long limitMs)
            throws Exception {
        JetStreamPublisher publisher = Publishers.withDefaults(connection, spool);
        PlantSimulation simulation = new PlantSimulation(properties);
        SimulationSink sink = new MessageSink(subjects, message -> publisher.publish(message));
        long end = properties.start().plus(properties.duration()).toEpochMilli();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (simulation.cursor() < end && System.nanoTime() < deadline) {
            simulation.step(sink);
        }
        simulation.flush(sink);
        while (publisher.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long elapsed = System.nanoTime() - start;
        long acknowledged = publisher.statistics().acknowledgedSamples();
        publisher.drain();
        Progress.say(
                "simulator through the edge publisher: %d of %d samples acknowledged",
                acknowledged, publisher.statistics().sentSamples());
        return acknowledged / (elapsed / 1e9);
    }

    /** Returns the messages the simulator publishes for {@code properties}, in order, without sending them. */
    private static List<OutboundMessage> capture(Subjects subjects, SimulatorProperties properties)
            throws InterruptedException {
        List<OutboundMessage> messages = new ArrayList<>();
        PlantSimulation simulation = new PlantSimulation(properties);
        SimulationSink sink = new MessageSink(subjects, messages::add);
        long end = properties.start().plus(properties.duration()).toEpochMilli();
        while (simulation.cursor() < end) {
            simulation.step(sink);
        }
        simulation.flush(sink);
        return messages;
    }

    /** Receiver of the messages a {@link MessageSink} builds. */
    private interface Outbox {
        void send(OutboundMessage message) throws InterruptedException;
    }

    /**
     * Turns the simulator's telemetry and tightening results into the messages the edge bridge publishes. MES commands
     * and ground truth go elsewhere in the bridge and are dropped here.
     */
    private record MessageSink(Subjects subjects, Outbox outbox) implements SimulationSink {

        @Override
        public void telemetry(TelemetryBatch batch) throws InterruptedException {
            outbox.send(new OutboundMessage(
                    subjects.telemetry(batch.getStationId()),
                    TelemetryCodec.headers(),
                    TelemetryCodec.encode(batch),
                    TelemetryCodec.messageId(batch),
                    batch.getSamplesCount()));
        }

        @Override
        public void tightening(TighteningResult result) throws InterruptedException {
            outbox.send(TighteningMessages.outbound(subjects, result));
        }

        @Override
        public void command(WorkOrderCommand command) {}

        @Override
        public void groundTruth(GroundTruthRecord record) {}
    }
}
