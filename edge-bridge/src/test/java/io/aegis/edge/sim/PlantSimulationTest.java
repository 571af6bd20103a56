package io.aegis.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.contract.SampleValidator;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.WorkOrderCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlantSimulationTest {

    private static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    static SimulatorProperties properties(long seed, int stations, int rateHz, Duration takt) {
        return new SimulatorProperties(
                true,
                stations,
                rateHz,
                seed,
                takt,
                Duration.ofMillis(10),
                START,
                false,
                null,
                4,
                "2",
                "EPS",
                List.of("v2.1.3", "v2.1.4"),
                "AEGIS-SEDAN",
                "unused",
                defaultFaults());
    }

    static SimulatorProperties.Faults defaultFaults() {
        return new SimulatorProperties.Faults(
                true,
                0.01,
                0.01,
                "v2.1.4",
                0.3,
                0.4,
                0.03,
                "5",
                0.8,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(3),
                Duration.ofSeconds(30));
    }

    private static String digestOf(SimulatorProperties properties, Duration simulated) throws InterruptedException {
        PlantSimulation simulation = new PlantSimulation(properties);
        StreamDigest digest = new StreamDigest();
        simulation.advanceTo(START.toEpochMilli() + simulated.toMillis(), digest);
        simulation.flush(digest);
        return digest.hex();
    }

    @Test
    void sameSeedProducesIdenticalStream() throws InterruptedException {
        SimulatorProperties properties = properties(7, 6, 200, Duration.ofSeconds(20));

        String first = digestOf(properties, Duration.ofMinutes(4));
        String second = digestOf(properties, Duration.ofMinutes(4));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void otherSeedProducesOtherStream() throws InterruptedException {
        String seven = digestOf(properties(7, 2, 100, Duration.ofSeconds(5)), Duration.ofSeconds(30));
        String eight = digestOf(properties(8, 2, 100, Duration.ofSeconds(5)), Duration.ofSeconds(30));

        assertThat(eight).isNotEqualTo(seven);
    }

    @Test
    void samplesAreValidAndNumberedFromOnePerStation() throws InterruptedException {
        Recording recording = record(properties(3, 3, 1000, Duration.ofSeconds(4)), Duration.ofSeconds(20));

        Map<String, List<Long>> seqs = new HashMap<>();
        for (TelemetryBatch batch : recording.batches) {
            for (TorqueSample sample : batch.getSamplesList()) {
                assertThat(SampleValidator.check(sample)).isEmpty();
                assertThat(sample.getStationId()).isEqualTo(batch.getStationId());
                seqs.computeIfAbsent(sample.getStationId(), s -> new ArrayList<>())
                        .add(sample.getSeq());
            }
        }
        assertThat(seqs).containsOnlyKeys("1", "2", "3");
        for (List<Long> stationSeqs : seqs.values()) {
            List<Long> sorted = stationSeqs.stream().sorted().distinct().toList();
            assertThat(sorted.get(0)).isEqualTo(1);
            assertThat(sorted).hasSize(20_000);
            assertThat(sorted.get(sorted.size() - 1)).isEqualTo(20_000);
        }
    }

    @Test
    void tighteningCyclesHaveResultsAndRiseToFinalTorque() throws InterruptedException {
        Recording recording = record(properties(3, 2, 200, Duration.ofSeconds(10)), Duration.ofSeconds(60));

        assertThat(recording.results).isNotEmpty();
        for (TighteningResult result : recording.results) {
            List<TorqueSample> cycle = recording.batches.stream()
                    .flatMap(b -> b.getSamplesList().stream())
                    .filter(s -> s.getTighteningId().equals(result.getTighteningId()))
                    .toList();
            assertThat(cycle).as("samples of %s", result.getTighteningId()).hasSizeGreaterThan(20);
            double peak =
                    cycle.stream().mapToDouble(TorqueSample::getTorque).max().orElseThrow();
            assertThat(result.getFinalTorque()).isEqualTo(peak);
            assertThat(cycle.get(0).getTorque()).isLessThan(0.2 * result.getTorqueTarget());
            assertThat(result.getOk()).isEqualTo(peak >= result.getTorqueMin() && peak <= result.getTorqueMax());
            assertThat(Vin.isValid(result.getVinReported())).isTrue();
        }
    }

    @Test
    void vehiclesMoveThroughStationsInOrder() throws InterruptedException {
        Recording recording = record(properties(5, 3, 50, Duration.ofSeconds(10)), Duration.ofSeconds(80));

        Map<String, List<WorkOrderCommand>> byWorkOrder = new HashMap<>();
        for (WorkOrderCommand command : recording.commands) {
            byWorkOrder
                    .computeIfAbsent(command.getWorkOrderId(), w -> new ArrayList<>())
                    .add(command);
        }
        List<WorkOrderCommand> first = byWorkOrder.values().stream()
                .filter(c -> c.get(0).hasCreate())
                .findFirst()
                .orElseThrow();
        List<String> steps = first.stream().map(PlantSimulationTest::step).toList();
        assertThat(steps)
                .startsWith(
                        "CREATE",
                        "RELEASE",
                        "ARRIVE 1",
                        "LEAVE 1",
                        "ARRIVE 2",
                        "FLASH_FIRMWARE 2",
                        "LEAVE 2",
                        "ARRIVE 3",
                        "LEAVE 3",
                        "COMPLETE");
        assertThat(Vin.isValid(first.get(0).getCreate().getVin())).isTrue();
        assertThat(first.get(5).getFlashFirmware().getVersion()).isIn("v2.1.3", "v2.1.4");
        long previous = 0;
        for (WorkOrderCommand command : recording.commands) {
            assertThat(command.getOccurredAt()).isGreaterThanOrEqualTo(previous);
            previous = command.getOccurredAt();
        }
        assertThat(recording.commands.stream()
                        .map(WorkOrderCommand::getIdempotencyKey)
                        .distinct())
                .hasSize(recording.commands.size());
    }

    private static String step(WorkOrderCommand command) {
        return switch (command.getCommandCase()) {
            case ARRIVE -> "ARRIVE " + command.getArrive().getStationId();
            case LEAVE -> "LEAVE " + command.getLeave().getStationId();
            case FLASH_FIRMWARE ->
                "FLASH_FIRMWARE " + command.getFlashFirmware().getStationId();
            default -> command.getCommandCase().name();
        };
    }

    static Recording record(SimulatorProperties properties, Duration simulated) throws InterruptedException {
        PlantSimulation simulation = new PlantSimulation(properties);
        Recording recording = new Recording();
        simulation.advanceTo(START.toEpochMilli() + simulated.toMillis(), recording);
        simulation.flush(recording);
        return recording;
    }

    static final class Recording implements SimulationSink {
        final List<TelemetryBatch> batches = new ArrayList<>();
        final List<TighteningResult> results = new ArrayList<>();
        final List<WorkOrderCommand> commands = new ArrayList<>();
        final List<GroundTruthRecord> truth = new ArrayList<>();

        @Override
        public void telemetry(TelemetryBatch batch) {
            batches.add(batch);
        }

        @Override
        public void tightening(TighteningResult result) {
            results.add(result);
        }

        @Override
        public void command(WorkOrderCommand command) {
            commands.add(command);
        }

        @Override
        public void groundTruth(GroundTruthRecord record) {
            truth.add(record);
        }
    }
}
