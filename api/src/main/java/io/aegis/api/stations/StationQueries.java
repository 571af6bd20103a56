package io.aegis.api.stations;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.clickhouse.Rows;
import io.aegis.api.clickhouse.Sql;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads station occupancy and firmware from the ClickHouse read models. */
@Component
public class StationQueries {

    private final ClickHouseReader reader;

    StationQueries(ClickHouseReader reader) {
        this.reader = reader;
    }

    /**
     * Returns every station that appears in the occupancy history, with the vehicle that arrived last among those
     * that have not left (left_at = 0).
     */
    // NOTE: a station that has only telemetry and no MES visit yet is not listed.
    public Mono<List<Station>> stations() {
        return reader.query("stations", Sql.of(STATIONS + " GROUP BY station_id ORDER BY station_id"))
                .map(rows -> rows.stream().map(StationQueries::station).toList());
    }

    public Mono<Station> station(String id) {
        Sql sql = Sql.of(STATIONS + " AND station_id = :id GROUP BY station_id").bind("id", id);
        return reader.query("station", sql)
                .flatMap(rows -> rows.isEmpty() ? Mono.empty() : Mono.just(station(rows.get(0))));
    }

    /** Returns each ECU's newest successfully flashed version per VIN, newest flash first. */
    public Mono<Map<String, List<EcuFirmware>>> firmwareByVin(Collection<String> vins) {
        if (vins.isEmpty()) {
            return Mono.just(Map.of());
        }
        Sql sql = Sql.of("SELECT vin, ecu, argMax(firmware, flashed_at) AS version, max(flashed_at) AS last_flashed_at,"
                        + " argMax(station_id, flashed_at) AS flash_station_id FROM firmware_history FINAL"
                        + " WHERE vin IN :vins AND result = 'OK' GROUP BY vin, ecu")
                .bind("vins", vins);
        return reader.query("firmware-by-vin", sql).map(StationQueries::groupByVin);
    }

    /** Returns each ECU's version per VIN as of {@code at} (flashes with flashed_at <= at). */
    public Mono<List<EcuFirmware>> firmwareAsOf(String vin, long at) {
        Sql sql = Sql.of("SELECT vin, ecu, argMax(firmware, flashed_at) AS version, max(flashed_at) AS last_flashed_at,"
                        + " argMax(station_id, flashed_at) AS flash_station_id FROM firmware_history FINAL"
                        + " WHERE vin = :vin AND result = 'OK' AND flashed_at <= :at GROUP BY vin, ecu")
                .bind("vin", vin)
                .bind("at", at);
        return reader.query("firmware-as-of", sql).map(rows -> groupByVin(rows).getOrDefault(vin, List.of()));
    }

    private static final String STATIONS = "SELECT station_id,"
            + " argMaxIf(work_order_id, arrived_at, left_at = 0) AS current_work_order_id,"
            + " argMaxIf(vin, arrived_at, left_at = 0) AS current_vin,"
            + " maxIf(arrived_at, left_at = 0) AS current_arrived_at,"
            + " countIf(left_at = 0) AS present"
            + " FROM station_occupancy FINAL"
            // A corrected visit keeps its old row, marked with the correcting event in superseded_by.
            + " WHERE superseded_by = ''";

    private static Station station(JsonNode row) {
        if (Rows.number(row, "present") == 0) {
            return new Station(Rows.textOrEmpty(row, "station_id"), null, null, null);
        }
        return new Station(
                Rows.textOrEmpty(row, "station_id"),
                Rows.text(row, "current_vin"),
                Rows.text(row, "current_work_order_id"),
                Rows.number(row, "current_arrived_at"));
    }

    private static Map<String, List<EcuFirmware>> groupByVin(List<JsonNode> rows) {
        return rows.stream()
                .collect(Collectors.groupingBy(
                        row -> Rows.textOrEmpty(row, "vin"),
                        LinkedHashMap::new,
                        Collectors.mapping(
                                row -> new EcuFirmware(
                                        Rows.textOrEmpty(row, "ecu"),
                                        Rows.textOrEmpty(row, "version"),
                                        Rows.number(row, "last_flashed_at"),
                                        Rows.text(row, "flash_station_id")),
                                Collectors.collectingAndThen(
                                        Collectors.toList(),
                                        list -> list.stream()
                                                .sorted(Comparator.comparingLong(EcuFirmware::flashedAt)
                                                        .reversed())
                                                .toList()))));
    }
}
