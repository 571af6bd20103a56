package io.aegis.edge.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the plant simulator. The same settings (seed and start instant included) produce the same output,
 * byte for byte.
 *
 * @param stations number of stations on the line, with ids "1" to "N" in line order
 * @param rateHz torque samples per second and station, 1 to 1000
 * @param taktTime time each vehicle spends per station, transfer included; at least 2 s
 * @param batchInterval span of one telemetry micro-batch per station
 * @param start simulated instant of sample 1; empty means the current time rounded up to the next second
 * @param live emit paced to the wall clock; false emits as fast as the sinks accept (tests, replays)
 * @param duration simulated time after which the simulator stops; empty means until the application stops
 * @param boltsPerStation tightening cycles per vehicle and station
 * @param flashStation station where the ECU is flashed
 * @param firmwareVersions versions the flashing station installs; each vehicle gets one, drawn from the seed
 * @param groundTruthDir directory that receives one subdirectory of JSON-lines ground truth per run
 */
@ConfigurationProperties("aegis.simulator")
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("6") int stations,
        @DefaultValue("200") int rateHz,
        @DefaultValue("42") long seed,
        @DefaultValue("20s") Duration taktTime,
        @DefaultValue("10ms") Duration batchInterval,
        Instant start,
        @DefaultValue("true") boolean live,
        Duration duration,
        @DefaultValue("4") int boltsPerStation,
        @DefaultValue("2") String flashStation,
        @DefaultValue("EPS") String flashEcu,
        @DefaultValue({"v2.1.3", "v2.1.4"}) List<String> firmwareVersions,
        @DefaultValue("AEGIS-SEDAN") String model,
        @DefaultValue(".aegis/ground-truth") String groundTruthDir,
        @DefaultValue Faults faults) {

    public SimulatorProperties {
        require(stations >= 1 && stations <= 99, "stations", stations, "must be between 1 and 99");
        require(rateHz >= 1 && rateHz <= 1000, "rate-hz", rateHz, "must be between 1 and 1000 samples per second");
        require(taktTime.toMillis() >= 2000, "takt-time", taktTime, "must be at least 2s");
        require(batchInterval.toMillis() >= 1, "batch-interval", batchInterval, "must be at least 1ms");
        require(
                boltsPerStation >= 1 && boltsPerStation <= 20,
                "bolts-per-station",
                boltsPerStation,
                "must be between 1 and 20");
        require(!firmwareVersions.isEmpty(), "firmware-versions", firmwareVersions, "must name at least one version");
        int flashPosition = parseStation(flashStation);
        require(
                flashPosition >= 1 && flashPosition <= stations,
                "flash-station",
                flashStation,
                "must be one of the station ids 1 to " + stations);
    }

    private static int parseStation(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void require(boolean condition, String key, Object value, String rule) {
        if (!condition) {
            throw new IllegalArgumentException("aegis.simulator." + key + " '" + value + "' is invalid: " + rule);
        }
    }

    /** Position of the flashing station on the line, 1-based. */
    int flashPosition() {
        return Integer.parseInt(flashStation);
    }

    /** Returns a copy with another start instant, for resolving "now" once at launch. */
    public SimulatorProperties withStart(Instant newStart) {
        return new SimulatorProperties(
                enabled,
                stations,
                rateHz,
                seed,
                taktTime,
                batchInterval,
                newStart,
                live,
                duration,
                boltsPerStation,
                flashStation,
                flashEcu,
                firmwareVersions,
                model,
                groundTruthDir,
                faults);
    }

    /**
     * Injected faults. Rates are probabilities drawn from the seed; every injected fault is written to the ground
     * truth.
     *
     * @param enabled inject faults at all
     * @param overTorqueRate share of tightening cycles that overshoot the upper torque limit
     * @param underTorqueRate share of tightening cycles that stop below the lower torque limit
     * @param badFirmware version that raises the defect rate of the vehicles flashed with it
     * @param badFirmwareShare share of vehicles flashed with {@code badFirmware}
     * @param badFirmwareDefectRate share of vehicles with {@code badFirmware} that get a steering fault
     * @param baseDefectRate share of the other vehicles that get a steering fault
     * @param steeringStation station whose tightenings show the steering fault
     * @param defectReportShare share of steering faults the plant later reports as a defect
     * @param defectReportDelayMin earliest report after the vehicle left the line
     * @param defectReportDelayMax latest report after the vehicle left the line
     * @param stationFaultInterval one station-level fault (drift, clock offset, gateway outage, duplicates,
     *     reordering) starts in each interval of this length
     * @param stationFaultDuration how long a station-level fault lasts
     */
    public record Faults(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.01") double overTorqueRate,
            @DefaultValue("0.01") double underTorqueRate,
            @DefaultValue("v2.1.4") String badFirmware,
            @DefaultValue("0.3") double badFirmwareShare,
            @DefaultValue("0.4") double badFirmwareDefectRate,
            @DefaultValue("0.03") double baseDefectRate,
            @DefaultValue("5") String steeringStation,
            @DefaultValue("0.8") double defectReportShare,
            @DefaultValue("30s") Duration defectReportDelayMin,
            @DefaultValue("5m") Duration defectReportDelayMax,
            @DefaultValue("3m") Duration stationFaultInterval,
            @DefaultValue("30s") Duration stationFaultDuration) {}
}
