package io.aegis.bench;

import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.ClickHouseMigrations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Synthetic line history for the time-travel benchmark, generated server-side with {@code INSERT ... SELECT} from
 * {@code system.numbers} (ClickHouse 18.16 and 24.x). Six stations t1..t6 sample torque at 1 kHz; vehicle k arrives at
 * station s at {@code T0 + (k + s - 1) * TAKT_MS} and leaves one takt later, so at least {@code rows} samples cover
 * {@code rows / 6} ms (rounded up) of line time. Every table that the api's {@code vinAt} reads gets rows in proportion:
 *
 * <ul>
 *   <li>{@code telemetry}: every sample, labelled with the VIN, work order and firmware of its visit;
 *   <li>{@code station_occupancy}: one visit per vehicle and station, open (left_at 0) when the takt outlasts the data;
 *   <li>{@code mes_events}: 19 work-order events per vehicle, from created to closed;
 *   <li>{@code firmware_history}: three ECUs flashed per vehicle at t2 and t4, with a failed TCU attempt every 4th;
 *   <li>{@code tightening_results}: one cycle per station and second, every 50th not OK;
 *   <li>{@code scores}: one recorded score per 100 samples of each station;
 *   <li>{@code alerts}: one alert per station and minute;
 *   <li>{@code defects}: every 5th vehicle, detected 2 minutes after leaving t6.
 * </ul>
 */
final class TimeTravelFill {

    static final long T0 = 1_700_000_000_000L;
    static final long TAKT_MS = 20_000;
    static final int STATIONS = 6;
    static final String VIN_PREFIX = "1HGBH41JXTT";
    /** Number added to the vehicle index k in the VIN and work order id; vehicles start at k = -(STATIONS - 1). */
    static final long VIN_BASE = 100_006;

    private static final long CHUNK_ROWS = 2_000_000;
    private static final int EVENTS_PER_VEHICLE = 19;

    private final ClickHouseGateway clickHouse;
    private final String database;
    private final long rows;
    private final long spanMs;
    private final long vehicles;

    TimeTravelFill(ClickHouseGateway clickHouse, long rows) {
        this.clickHouse = clickHouse;
        this.database = clickHouse.database();
        this.rows = rows;
        this.spanMs = (rows + STATIONS - 1) / STATIONS;
        // Vehicles -5..-1 were already on the line at T0; the last one arrives at t1 before the data ends.
        this.vehicles = (spanMs + TAKT_MS - 1) / TAKT_MS + STATIONS - 1;
    }

    /** Line time covered by the samples: [T0, T0 + spanMs). */
    long spanMs() {
        return spanMs;
    }

    /** Returns the VIN at station {@code station} (1 to 6) at {@code timestamp}. */
    static String vinAt(int station, long timestamp) {
        return VIN_PREFIX + (VIN_BASE + Math.floorDiv(timestamp - T0, TAKT_MS) - (station - 1));
    }

    /**
     * Creates the tables with the query side's migrations and fills them unless they already contain exactly this
     * data set. Returns the seconds the fill took, or 0 when the data was already there.
     */
    double ensure() {
        new ClickHouseMigrations(clickHouse).migrate();
        Map<String, Long> expected = expectedCounts();
        if (expected.equals(presentCounts())) {
            Progress.say("%s already holds the time-travel data set (%s)", database, expected);
            return 0;
        }
        long started = System.nanoTime();
        deleteSyntheticRows();
        fillTelemetry();
        for (Map.Entry<String, String> table : smallTables().entrySet()) {
            clickHouse.execute(table.getValue());
            Progress.say("filled %s.%s", database, table.getKey());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> present = presentCounts();
        if (!expected.equals(present)) {
            throw new IllegalStateException("time-travel fill of " + database + " is incomplete: expected rows "
                    + expected + ", found " + present);
        }
        Progress.say("filled %s in %.1f s: %s", database, seconds, present);
        return seconds;
    }

    private Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("telemetry", spanMs * STATIONS);
        counts.put("station_occupancy", scalar("SELECT count() AS n FROM (" + visits() + ")"));
        counts.put("mes_events", scalar("SELECT count() AS n FROM (" + events() + ")"));
        counts.put("firmware_history", scalar("SELECT count() AS n FROM (" + flashes() + ")"));
        counts.put("tightening_results", spanMs / 1000 * STATIONS);
        counts.put("scores", spanMs / 100 * STATIONS);
        counts.put("alerts", spanMs / 60_000 * STATIONS);
        counts.put("defects", scalar("SELECT count() AS n FROM (" + defects() + ")"));
        return counts;
    }

    private Map<String, Long> presentCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, String> table : ownRows().entrySet()) {
            counts.put(
                    table.getKey(),
                    scalar("SELECT count() AS n FROM " + database + "." + table.getKey() + " WHERE "
                            + table.getValue()));
        }
        return counts;
    }

    /** Returns, per table, the condition that selects this benchmark's rows. */
    private static Map<String, String> ownRows() {
        String stations = "station_id IN ('t1', 't2', 't3', 't4', 't5', 't6')";
        String vins = "startsWith(vin, '" + VIN_PREFIX + "')";
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("telemetry", stations);
        tables.put("station_occupancy", stations);
        tables.put("mes_events", vins);
        tables.put("firmware_history", vins);
        tables.put("tightening_results", stations);
        tables.put("scores", stations);
        tables.put("alerts", stations);
        tables.put("defects", vins);
        return tables;
    }

    /** Deletes an earlier or partial data set and waits for the mutations, so the counts after the fill are exact. */
    private void deleteSyntheticRows() {
        for (Map.Entry<String, String> table : ownRows().entrySet()) {
            clickHouse.execute("ALTER TABLE " + database + "." + table.getKey() + " DELETE WHERE " + table.getValue());
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        String pending =
                "SELECT count() AS n FROM system.mutations WHERE database = '" + database + "' AND is_done = 0";
        while (scalar(pending) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mutations deleting old time-travel rows in " + database
                        + " did not finish within 300 s; see system.mutations");
            }
            sleep(500);
        }
    }

    private void fillTelemetry() {
        long total = spanMs * STATIONS;
        Progress.say("filling %s.telemetry with %d synthetic samples (server-side)", database, total);
        for (long from = 0; from < total; from += CHUNK_ROWS) {
            long count = Math.min(CHUNK_ROWS, total - from);
            clickHouse.execute(telemetry(from, count));
            Progress.say("filled %d of %d samples", from + count, total);
        }
    }

    /** Samples [from, from + count): sample n is station n % 6 + 1 at T0 + n / 6 ms. */
    private String telemetry(long from, long count) {
        String n = "(number + " + from + ")";
        String station = "(" + n + " % " + STATIONS + " + 1)";
        String ts = "(" + T0 + " + intDiv(" + n + ", " + STATIONS + "))";
        String vehicle =
                "(" + VIN_BASE + " + intDiv(" + ts + " - " + T0 + ", " + TAKT_MS + ") - (" + station + " - 1))";
        return "INSERT INTO " + database + ".telemetry (station_id, seq, timestamp, torque, angle_deg, has_angle,"
                + " tightening_id, source, vin, vin_flags, firmware, firmware_ecus, work_order_id, status,"
                + " ingest_timestamp, clock_suspect, clock_offset_ms, version)"
                + " SELECT concat('t', toString(" + station + ")), intDiv(" + n + ", " + STATIONS + ") + 1, " + ts
                + ", 40 + (" + n + " % 97) / 10, (" + n + " % 360), 1,"
                + " concat('tt-', toString(" + station + "), '-', toString(intDiv(" + ts + " - " + T0 + ", 1000))),"
                + " 'bench', concat('" + VIN_PREFIX + "', toString(" + vehicle + ")), '', 'v2.1.4',"
                + " '{\"BCM\":\"v2.1.4\"}', concat('wo-tt-', toString(" + vehicle + ")), 'JOINED', " + ts + " + 3,"
                + " 0, 0, 1 FROM system.numbers LIMIT " + count;
    }

    /** INSERT statements of the tables other than telemetry, by table name. */
    private Map<String, String> smallTables() {
        Map<String, String> statements = new LinkedHashMap<>();
        statements.put(
                "station_occupancy",
                "INSERT INTO " + database + ".station_occupancy (station_id, work_order_id, vin, arrived_at, left_at,"
                        + " arrival_event_id, corrected_by, superseded_by, version) SELECT station_id, work_order_id,"
                        + " vin, arrived_at, left_at, arrival_event_id, '', '', 1 FROM (" + visits() + ")");
        statements.put(
                "mes_events",
                "INSERT INTO " + database + ".mes_events (event_id, work_order_id, vin, aggregate_sequence, event_type,"
                        + " station_id, occurred_at, recorded_at, corrects_event_id, ecu, firmware, defect_code,"
                        + " payload_json, global_index, issued_by, correlation_id, stream_seq)"
                        + " SELECT event_id, work_order_id, vin, aggregate_sequence, event_type, station_id,"
                        + " occurred_at, occurred_at + 40, '', ecu, if(ecu = '', '', 'v2.1.4'), '', '{}',"
                        + " aggregate_sequence, 'bench', work_order_id, 0 FROM (" + events() + ")");
        statements.put(
                "firmware_history",
                "INSERT INTO " + database + ".firmware_history (event_id, work_order_id, vin, station_id, ecu,"
                        + " firmware, result, flashed_at, corrected_by, version) SELECT event_id, work_order_id, vin,"
                        + " station_id, ecu, firmware, result, flashed_at, '', 1 FROM (" + flashes() + ")");
        statements.put("tightening_results", tighteningResults());
        statements.put("scores", scores());
        statements.put("alerts", alerts());
        statements.put(
                "defects",
                "INSERT INTO " + database + ".defects (event_id, work_order_id, vin, code, description, detected_at,"
                        + " reported_at, source, station_id) SELECT event_id, work_order_id, vin, 'D-TORQUE',"
                        + " 'loose joint found at end-of-line test', detected_at, detected_at + 60000, 'eol', 'eol'"
                        + " FROM (" + defects() + ")");
        return statements;
    }

    /** Vehicle k in [-(STATIONS - 1), vehicles - STATIONS] with its VIN, work order id and arrival at t1. */
    private String vehicleSource(int perVehicle) {
        return "SELECT intDiv(number, " + perVehicle + ") - " + (STATIONS - 1) + " AS k, number % " + perVehicle
                + " AS i, concat('" + VIN_PREFIX + "', toString(" + VIN_BASE + " + k)) AS vin,"
                + " concat('wo-tt-', toString(" + VIN_BASE + " + k)) AS work_order_id, " + T0 + " + k * " + TAKT_MS
                + " AS first_arrival FROM system.numbers LIMIT " + vehicles * perVehicle;
    }

    private String visits() {
        long end = T0 + spanMs;
        return "SELECT concat('t', toString(i + 1)) AS station_id, work_order_id, vin,"
                + " first_arrival + i * " + TAKT_MS + " AS arrived_at,"
                + " if(arrived_at + " + TAKT_MS + " <= " + end + ", arrived_at + " + TAKT_MS + ", 0) AS left_at,"
                + " concat(work_order_id, '-arrived-', toString(i + 1)) AS arrival_event_id"
                + " FROM (" + vehicleSource(STATIONS) + ") WHERE arrived_at < " + end;
    }

    /**
     * Work-order events in aggregate order: created, released, arrived and left at each station (arrivals at t2 and
     * t4 are followed by firmware flashes), completed and closed. Only events that occurred before the data ends.
     */
    private String events() {
        String types = "['created', 'released', 'arrived', 'left', 'arrived', 'firmware_flashed', 'left', 'arrived',"
                + " 'left', 'arrived', 'firmware_flashed', 'firmware_flashed', 'left', 'arrived', 'left', 'arrived',"
                + " 'left', 'completed', 'closed']";
        String stations = "['', '', 't1', 't1', 't2', 't2', 't2', 't3', 't3', 't4', 't4', 't4', 't4', 't5', 't5', 't6',"
                + " 't6', '', '']";
        String ecus = "['', '', '', '', '', 'BCM', '', '', '', '', 'ECM', 'TCU', '', '', '', '', '', '', '']";
        long takt = TAKT_MS;
        String offsets = "[-60000, -30000, 0, " + takt + ", " + takt + ", " + (takt + 5000) + ", " + 2 * takt + ", "
                + 2 * takt + ", " + 3 * takt + ", " + 3 * takt + ", " + (3 * takt + 5000) + ", " + (3 * takt + 8000)
                + ", " + 4 * takt + ", " + 4 * takt + ", " + 5 * takt + ", " + 5 * takt + ", " + 6 * takt + ", "
                + (6 * takt + 1000) + ", " + (6 * takt + 60000) + "]";
        return "SELECT concat(work_order_id, '-e', toString(i + 1)) AS event_id, work_order_id, vin,"
                + " toInt64(i + 1) AS aggregate_sequence, arrayElement(" + types + ", i + 1) AS event_type,"
                + " arrayElement(" + stations + ", i + 1) AS station_id, arrayElement(" + ecus + ", i + 1) AS ecu,"
                + " first_arrival + arrayElement(" + offsets + ", i + 1) AS occurred_at"
                + " FROM (" + vehicleSource(EVENTS_PER_VEHICLE) + ") WHERE occurred_at < " + (T0 + spanMs);
    }

    /** Flashes of BCM at t2, ECM and TCU at t4; every 4th vehicle's first TCU attempt fails and is repeated. */
    private String flashes() {
        long takt = TAKT_MS;
        return "SELECT concat(work_order_id, '-f', toString(i + 1)) AS event_id, work_order_id, vin,"
                + " arrayElement(['t2', 't4', 't4', 't4'], i + 1) AS station_id,"
                + " arrayElement(['BCM', 'ECM', 'TCU', 'TCU'], i + 1) AS ecu,"
                + " concat('v2.1.', toString(k % 3 + 3)) AS firmware,"
                + " if(i = 2, 'E42', 'OK') AS result,"
                + " first_arrival + arrayElement([" + (takt + 5000) + ", " + (3 * takt + 5000) + ", "
                + (3 * takt + 6000) + ", " + (3 * takt + 8000) + "], i + 1) AS flashed_at"
                + " FROM (" + vehicleSource(4) + ") WHERE flashed_at < " + (T0 + spanMs)
                + " AND (i != 2 OR k % 4 = 0)";
    }

    private String defects() {
        return "SELECT concat(work_order_id, '-defect') AS event_id, work_order_id, vin,"
                + " first_arrival + " + (STATIONS * TAKT_MS + 120_000) + " AS detected_at"
                + " FROM (" + vehicleSource(1) + ") WHERE k % 5 = 0 AND detected_at < " + (T0 + spanMs);
    }

    /** Returns a SELECT of station rows, where row n is station n % 6 + 1 at T0 + (n / 6) * periodMs + offsetMs. */
    private String stationRows(long periodMs, long offsetMs) {
        long perStation = spanMs / periodMs;
        return "SELECT number % " + STATIONS + " + 1 AS s, concat('t', toString(s)) AS station_id,"
                + " intDiv(number, " + STATIONS + ") AS j, " + T0 + " + j * " + periodMs + " + " + offsetMs
                + " AS ts, concat('" + VIN_PREFIX + "', toString(" + VIN_BASE + " + intDiv(ts - " + T0 + ", "
                + TAKT_MS + ") - (s - 1))) AS vin FROM system.numbers LIMIT " + perStation * STATIONS;
    }

    private String tighteningResults() {
        return "INSERT INTO " + database + ".tightening_results (station_id, tightening_id, timestamp, ok,"
                + " final_torque, final_angle_deg, torque_min, torque_max, torque_target, duration_ms, vin_reported,"
                + " vin, controller, spindle, source, raw_status) SELECT station_id,"
                + " concat('tt-', toString(s), '-', toString(j)), ts, j % 50 != 0, 24 + (j % 11) / 10,"
                + " 90 + j % 30, 22, 28, 25, 800, vin, vin, concat('ctl-', station_id), 1, 'bench',"
                + " if(j % 50 = 0, 'NOK', 'OK') FROM (" + stationRows(1000, 500) + ")";
    }

    private String scores() {
        return "INSERT INTO " + database + ".scores (station_id, seq, timestamp, score, torque, vin, model_name,"
                + " model_version) SELECT station_id, j * 100 + 38, ts, 0.5 + (j % 50) / 100, 40 + (j % 97) / 10,"
                + " vin, 'cycle-baseline', '1' FROM (" + stationRows(100, 37) + ")";
    }

    private String alerts() {
        return "INSERT INTO " + database + ".alerts (alert_id, stream_seq, station_id, anomaly_score,"
                + " trigger_torque_nm, timestamp, vin, firmware, model_name, model_version, features_json,"
                + " merged_samples, first_timestamp, last_timestamp, raised_at, trigger_seq)"
                + " SELECT concat('alert-tt-', toString(s), '-', toString(j)), j + 1, station_id, 0.97, 52.5, ts,"
                + " vin, 'v2.1.4', 'cycle-baseline', '1', '{}', 3, ts - 20, ts, ts + 15, (ts - " + T0 + ") + 1"
                + " FROM (" + stationRows(60_000, 41_037) + ")";
    }

    private long scalar(String sql) {
        return clickHouse.query(sql).get(0).path("n").asLong();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ClickHouse mutations", e);
        }
    }
}
