package io.aegis.queryside.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.context.StaleRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rewrites stored alerts and tightening results whose vehicle or firmware a later MES event changed, for the same
 * station time ranges the telemetry writer enriches again. Neither table has a version column, so the rewritten row,
 * inserted last, is the one FINAL reads and merges keep.
 */
public final class RecordCorrections {

    private static final String ALERTS = "alerts";
    private static final String TIGHTENING = "tightening_results";
    private static final int IDS_PER_INSERT = 500;

    private final ClickHouseGateway clickHouse;
    private final MesContext context;
    private final QueryMetrics metrics;

    public RecordCorrections(ClickHouseGateway clickHouse, MesContext context, QueryMetrics metrics) {
        this.clickHouse = clickHouse;
        this.context = context;
        this.metrics = metrics;
    }

    /**
     * Rewrites the alerts and tightening results of {@code range} whose join result changed; returns the number of
     * rows rewritten.
     */
    public int correct(StaleRange range) {
        return correctAlerts(range) + correctTightening(range);
    }

    /** Rewrites alerts where the join finds a vehicle; elsewhere they keep the scorer's VIN and firmware. */
    private int correctAlerts(StaleRange range) {
        Map<List<String>, List<String>> idsByTarget = new LinkedHashMap<>();
        for (JsonNode row : rowsIn(ALERTS, "alert_id, timestamp, vin, firmware", range)) {
            Enrichment known = context.enrich(range.stationId(), ClickHouseGateway.longValue(row, "timestamp"));
            boolean same = known.vin().equals(ClickHouseGateway.stringValue(row, "vin"))
                    && known.firmware().equals(ClickHouseGateway.stringValue(row, "firmware"));
            if (!known.vin().isBlank() && !same) {
                idsByTarget
                        .computeIfAbsent(List.of(known.vin(), known.firmware()), target -> new ArrayList<>())
                        .add(ClickHouseGateway.stringValue(row, "alert_id"));
            }
        }
        int rewritten = 0;
        for (Map.Entry<List<String>, List<String>> entry : idsByTarget.entrySet()) {
            Map<String, String> replaced = Map.of(
                    "vin", ClickHouseGateway.literal(entry.getKey().get(0)),
                    "firmware", ClickHouseGateway.literal(entry.getKey().get(1)));
            rewritten += rewrite(ALERTS, RecordTables.ALERT_COLUMNS, replaced, "alert_id", range, entry.getValue());
        }
        return rewritten;
    }

    /** Rewrites tightening results to the join's vehicle of their time, or to none where the station was empty. */
    private int correctTightening(StaleRange range) {
        Map<String, List<String>> idsByVin = new LinkedHashMap<>();
        for (JsonNode row : rowsIn(TIGHTENING, "tightening_id, timestamp, vin", range)) {
            Enrichment known = context.enrich(range.stationId(), ClickHouseGateway.longValue(row, "timestamp"));
            if (!known.vin().equals(ClickHouseGateway.stringValue(row, "vin"))) {
                idsByVin.computeIfAbsent(known.vin(), vin -> new ArrayList<>())
                        .add(ClickHouseGateway.stringValue(row, "tightening_id"));
            }
        }
        int rewritten = 0;
        for (Map.Entry<String, List<String>> entry : idsByVin.entrySet()) {
            Map<String, String> replaced = Map.of("vin", ClickHouseGateway.literal(entry.getKey()));
            rewritten += rewrite(
                    TIGHTENING, RecordTables.TIGHTENING_COLUMNS, replaced, "tightening_id", range, entry.getValue());
        }
        return rewritten;
    }

    private List<JsonNode> rowsIn(String table, String columns, StaleRange range) {
        return clickHouse.query(
                "SELECT " + columns + " FROM " + clickHouse.table(table) + " FINAL WHERE " + stationAndTime(range));
    }

    private static String stationAndTime(StaleRange range) {
        return "station_id = " + ClickHouseGateway.literal(range.stationId()) + " AND timestamp >= "
                + Math.max(0, range.from()) + " AND timestamp <= " + range.to();
    }

    /**
     * Copies the rows with the given ids inside ClickHouse, with the {@code replaced} columns set to new literals, in
     * inserts of at most {@link #IDS_PER_INSERT} ids.
     */
    private int rewrite(
            String table,
            List<String> columns,
            Map<String, String> replaced,
            String idColumn,
            StaleRange range,
            List<String> ids) {
        // Aliased, so two equal literals stay two columns and the WHERE clause still reads the stored values.
        String selected = columns.stream()
                .map(c -> replaced.containsKey(c) ? replaced.get(c) + " AS corrected_" + c : c)
                .collect(Collectors.joining(", "));
        for (int from = 0; from < ids.size(); from += IDS_PER_INSERT) {
            String idList = ids.subList(from, Math.min(ids.size(), from + IDS_PER_INSERT)).stream()
                    .map(ClickHouseGateway::literal)
                    .collect(Collectors.joining(", "));
            clickHouse.execute("INSERT INTO " + clickHouse.table(table) + " (" + String.join(", ", columns) + ")"
                    + " SELECT " + selected + " FROM " + clickHouse.table(table) + " FINAL WHERE "
                    + stationAndTime(range) + " AND " + idColumn + " IN (" + idList + ")");
            metrics.insertSucceeded(table);
        }
        metrics.rowsWritten(table, "correction", ids.size());
        return ids.size();
    }
}
