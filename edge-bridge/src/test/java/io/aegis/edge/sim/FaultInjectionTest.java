package io.aegis.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.WorkOrderCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs 15 simulated minutes with frequent station faults and checks each injected fault against the output. */
class FaultInjectionTest {

    private static final Instant START = Instant.parse("2026-03-02T06:00:00Z");
    private static final int RATE_HZ = 100;
    private static PlantSimulationTest.Recording recording;
    private static List<Map<String, Object>> faults;

    @BeforeAll
    static void run() throws InterruptedException {
        SimulatorProperties.Faults frequent = new SimulatorProperties.Faults(
                true,
                0.05,
                0.05,
                "v2.1.4",
                0.5,
                0.6,
                0.05,
                "3",
                1.0,
                Duration.ofSeconds(20),
                Duration.ofSeconds(60),
                Duration.ofSeconds(20),
                Duration.ofSeconds(8));
        SimulatorProperties properties = new SimulatorProperties(
                true,
                4,
                RATE_HZ,
                11,
                Duration.ofSeconds(10),
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
                frequent);
        recording = PlantSimulationTest.record(properties, Duration.ofMinutes(15));
        faults = recording.truth.stream()
                .filter(r -> r.file().equals(GroundTruthRecord.FAULTS))
                .map(GroundTruthRecord::fields)
                .toList();
    }

    private static List<Map<String, Object>> faults(String kind) {
        List<Map<String, Object>> matching =
                faults.stream().filter(f -> kind.equals(f.get("fault"))).toList();
        assertThat(matching).as("injected %s faults", kind).isNotEmpty();
        return matching;
    }

    private static long trueTime(TorqueSample sample) {
        return START.toEpochMilli() + (sample.getSeq() - 1) * 1000 / RATE_HZ;
    }

    private static List<TelemetryBatch> batches(String station) {
        return recording.batches.stream()
                .filter(b -> b.getStationId().equals(station))
                .toList();
    }

    @Test
    void clockOffsetShiftsTimestamps() {
        for (String kind : List.of("clock_ahead", "clock_behind")) {
            for (Map<String, Object> fault : faults(kind)) {
                long start = (long) fault.get("start");
                long end = (long) fault.get("end");
                long offset = (long) (double) fault.get("magnitude") * (kind.equals("clock_ahead") ? 1 : -1);
                List<TorqueSample> shifted = batches((String) fault.get("station_id")).stream()
                        .flatMap(b -> b.getSamplesList().stream())
                        .filter(s -> trueTime(s) >= start && trueTime(s) < end)
                        .toList();
                assertThat(shifted).isNotEmpty();
                assertThat(shifted)
                        .allSatisfy(
                                s -> assertThat(s.getTimestamp() - trueTime(s)).isEqualTo(offset));
            }
        }
    }

    @Test
    void gatewayOutageHoldsBatchesUntilItEnds() {
        for (Map<String, Object> fault : faults("gateway_outage")) {
            String station = (String) fault.get("station_id");
            long start = (long) fault.get("start");
            long end = (long) fault.get("end");
            long latestElsewhere = Long.MIN_VALUE;
            boolean checked = false;
            for (TelemetryBatch batch : recording.batches) {
                long first = trueTime(batch.getSamples(0));
                if (!batch.getStationId().equals(station)) {
                    latestElsewhere = Math.max(latestElsewhere, first);
                } else if (first >= start && first < end - 20 && !checked) {
                    // The first held batch is sent only once the other stations have reached the outage's end.
                    assertThat(latestElsewhere).isGreaterThanOrEqualTo(end - 20);
                    checked = true;
                }
            }
            assertThat(checked).isTrue();
        }
    }

    @Test
    void duplicatesRepeatSamplesOnlyDuringFault() {
        List<Map<String, Object>> duplicates = faults("duplicates");
        for (Map<String, Object> fault : duplicates) {
            String station = (String) fault.get("station_id");
            Map<Long, Integer> seen = new HashMap<>();
            batches(station).forEach(b -> b.getSamplesList().forEach(s -> seen.merge(s.getSeq(), 1, Integer::sum)));
            List<Long> repeatedTimes = seen.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(e -> START.toEpochMilli() + (e.getKey() - 1) * 1000 / RATE_HZ)
                    .toList();
            long start = (long) fault.get("start");
            long end = (long) fault.get("end");
            assertThat(repeatedTimes).anySatisfy(t -> assertThat(t).isBetween(start - 20, end));
            List<Map<String, Object>> sameStation = duplicates.stream()
                    .filter(f -> station.equals(f.get("station_id")))
                    .toList();
            assertThat(repeatedTimes)
                    .allSatisfy(t -> assertThat(sameStation)
                            .anySatisfy(f -> assertThat(t).isBetween((long) f.get("start") - 20, (long) f.get("end"))));
        }
    }

    @Test
    void reorderingSwapsBatches() {
        for (Map<String, Object> fault : faults("reordering")) {
            long previousLast = -1;
            int swapped = 0;
            for (TelemetryBatch batch : batches((String) fault.get("station_id"))) {
                if (batch.getSamples(0).getSeq() < previousLast) {
                    swapped++;
                }
                previousLast = batch.getSamples(batch.getSamplesCount() - 1).getSeq();
            }
            assertThat(swapped).isPositive();
        }
    }

    @Test
    void driftRaisesTorqueTowardsItsEnd() {
        for (Map<String, Object> fault : faults("drift")) {
            long start = (long) fault.get("start");
            long end = (long) fault.get("end");
            String station = (String) fault.get("station_id");
            List<TighteningResult> late = recording.results.stream()
                    .filter(r -> r.getStationId().equals(station))
                    .filter(r -> r.getTimestamp() >= start + (end - start) / 2 && r.getTimestamp() < end)
                    .toList();
            double magnitude = (double) fault.get("magnitude");
            Set<Object> cycleFaults =
                    faults.stream().map(f -> f.get("tightening_id")).collect(Collectors.toSet());
            for (TighteningResult result : late) {
                if (cycleFaults.contains(result.getTighteningId())) {
                    continue;
                }
                assertThat(result.getFinalTorque())
                        .isGreaterThan(result.getTorqueTarget() * (1 + magnitude / 2 - 0.06));
            }
        }
    }

    @Test
    void cycleFaultsProduceNokResults() {
        Map<String, TighteningResult> results =
                recording.results.stream().collect(Collectors.toMap(TighteningResult::getTighteningId, r -> r));
        for (String kind : List.of("over_torque", "under_torque")) {
            for (Map<String, Object> fault : faults(kind)) {
                TighteningResult result = results.get((String) fault.get("tightening_id"));
                assertThat(result).isNotNull();
                if (kind.equals("over_torque")) {
                    assertThat(result.getFinalTorque()).isGreaterThan(result.getTorqueMax());
                } else {
                    assertThat(result.getFinalTorque()).isLessThan(result.getTorqueMin());
                }
                assertThat(result.getOk()).isFalse();
            }
        }
    }

    @Test
    void steeringFaultsAreReportedAsDefectsAfterLeaving() {
        Set<String> faultyVins =
                faults("steering").stream().map(f -> (String) f.get("vin")).collect(Collectors.toSet());
        List<WorkOrderCommand> reports = recording.commands.stream()
                .filter(WorkOrderCommand::hasReportDefect)
                .toList();
        List<Map<String, Object>> defects = recording.truth.stream()
                .filter(r -> r.file().equals(GroundTruthRecord.DEFECTS))
                .map(GroundTruthRecord::fields)
                .toList();

        assertThat(reports).isNotEmpty();
        assertThat(defects).hasSameSizeAs(reports);
        for (Map<String, Object> defect : defects) {
            assertThat(faultyVins).contains((String) defect.get("vin"));
            assertThat((long) defect.get("reported_at")).isGreaterThan((long) defect.get("left_line_at"));
        }
        for (WorkOrderCommand report : reports) {
            assertThat(report.getReportDefect().getCode()).isEqualTo("STEERING");
            assertThat(report.getOccurredAt())
                    .isEqualTo(report.getReportDefect().getDetectedAt());
        }
        assertThat(faults("steering").stream().map(f -> f.get("firmware")).collect(Collectors.toSet()))
                .contains("v2.1.4");
    }

    @Test
    void everyStationFaultKindIsInjected() {
        Set<Object> kinds = new HashSet<>();
        faults.forEach(f -> kinds.add(f.get("fault")));

        assertThat(kinds)
                .contains(
                        "drift",
                        "clock_ahead",
                        "clock_behind",
                        "gateway_outage",
                        "duplicates",
                        "reordering",
                        "over_torque",
                        "under_torque",
                        "steering");
    }
}
