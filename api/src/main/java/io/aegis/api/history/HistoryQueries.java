package io.aegis.api.history;

import io.aegis.api.alerts.Alert;
import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.clickhouse.Rows;
import io.aegis.api.clickhouse.Sql;
import io.aegis.api.history.HistoryTypes.Foresight;
import io.aegis.api.history.HistoryTypes.MesEvent;
import io.aegis.api.history.HistoryTypes.SamplePoint;
import io.aegis.api.history.HistoryTypes.SampleWindow;
import io.aegis.api.history.HistoryTypes.Score;
import io.aegis.api.history.HistoryTypes.StationSpan;
import io.aegis.api.history.HistoryTypes.StationVisit;
import io.aegis.api.history.HistoryTypes.TighteningResult;
import io.aegis.api.history.HistoryTypes.WorkOrderAsOf;
import io.aegis.api.workorders.Defect;
import io.aegis.api.workorders.WorkOrderState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Time-travel reads for auditors: what was true for a VIN at an instant (by occurred_at), and the event history of a
 * work order as it happened and as it was known (by recorded_at).
 */
@Component
class HistoryQueries {

    /** Rows returned for scores, alerts and tightening results around an instant. */
    static final int MAX_ROWS = 200;

    private final ClickHouseReader reader;

    HistoryQueries(ClickHouseReader reader) {
        this.reader = reader;
    }

    /** Returns the station visit of {@code vin} that covers {@code at}; leftAt is null as the vehicle was there. */
    Mono<StationVisit> stationAt(String vin, long at) {
        Sql sql = Sql.of("SELECT station_id, work_order_id, arrived_at FROM station_occupancy FINAL"
                        + " WHERE vin = :vin AND superseded_by = '' AND arrived_at <= :at"
                        + " AND (left_at = 0 OR left_at > :at)"
                        + " ORDER BY arrived_at DESC LIMIT 1")
                .bind("vin", vin)
                .bind("at", at);
        return reader.query("station-at", sql)
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.empty()
                        : Mono.just(new StationVisit(
                                Rows.textOrEmpty(rows.get(0), "station_id"),
                                Rows.textOrEmpty(rows.get(0), "work_order_id"),
                                Rows.number(rows.get(0), "arrived_at"),
                                null)));
    }

    /** Returns the state of the work order of {@code vin} from the events that occurred at or before {@code at}. */
    Mono<WorkOrderAsOf> workOrderAt(String vin, long at) {
        Sql sql = Sql.of("SELECT work_order_id AS id,"
                        + " argMax(lower(event_type), aggregate_sequence) AS state_event,"
                        + " max(occurred_at) AS state_at"
                        + " FROM mes_events FINAL WHERE vin = :vin AND occurred_at <= :at"
                        + " AND lower(event_type) IN " + WorkOrderState.STATE_EVENTS
                        + " GROUP BY work_order_id ORDER BY state_at DESC LIMIT 1")
                .bind("vin", vin)
                .bind("at", at);
        return reader.query("work-order-at", sql).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Mono.empty();
            }
            String event = Rows.textOrEmpty(rows.get(0), "state_event");
            return Mono.just(new WorkOrderAsOf(
                    Rows.textOrEmpty(rows.get(0), "id"),
                    WorkOrderState.fromEvent(event),
                    event,
                    Rows.number(rows.get(0), "state_at")));
        });
    }

    /**
     * Returns the torque of {@code vin} in [from, to]. The window is cut into at most {@code maxPoints} buckets of
     * equal width per station, so a 1 kHz station over a wide window returns mean, minimum and maximum per bucket
     * rather than every sample. A bucket with one sample keeps that sample's timestamp.
     *
     * <p>Telemetry is ordered by (station_id, timestamp), not by VIN, so the VIN's station visits in the window are
     * looked up first and the samples are read only from those stations and spans, which the primary key narrows
     * to a few granules. Query-side labels a sample with a VIN only while a visit of that VIN covers the sample's
     * timestamp, so every sample of the VIN lies in one of the visits read here. Every row version is read,
     * superseded ones included, because samples joined before a correction keep their first label until rewritten.
     *
     * <p>NOTE: query-side writes visits and samples in separate batches, so a sample stored before its visit row is
     * missing here until that row is written (one flush interval on a live line).
     */
    Mono<SampleWindow> samples(String vin, long from, long to, int maxPoints) {
        return samples(vin, from, to, maxPoints, visitSpans(vin, from, to));
    }

    /** Returns the torque as {@link #samples(String, long, long, int)} with the window's visits already requested. */
    Mono<SampleWindow> samples(String vin, long from, long to, int maxPoints, Mono<List<StationSpan>> windowVisits) {
        long bucket = Math.max(1, (to - from + maxPoints) / maxPoints);
        return windowVisits.flatMap(spans -> {
            if (spans.isEmpty()) {
                return Mono.just(new SampleWindow(from, to, false, null, 0, List.of()));
            }
            return reader.query("samples-window", samplesSql(vin, from, bucket, maxPoints, spans))
                    .map(rows -> {
                        List<SamplePoint> points =
                                rows.stream().map(SamplePoint::fromRow).toList();
                        long total =
                                points.stream().mapToLong(SamplePoint::count).sum();
                        boolean downsampled = points.stream().anyMatch(point -> point.count() > 1);
                        return new SampleWindow(from, to, downsampled, downsampled ? bucket : null, total, points);
                    });
        });
    }

    /**
     * Returns, per station, the span of [from, to] that visits of {@code vin} cover: the union of the visits that
     * overlap the window, clipped to it. A visit covers [arrived_at, left_at), or [arrived_at, to] while it is open
     * (left_at 0).
     */
    Mono<List<StationSpan>> visitSpans(String vin, long from, long to) {
        // No FINAL and no superseded_by filter, because every version of every visit counts (see samples()).
        // toInt64 is needed because 18.16 reads a positive literal as UInt64, which has no common type with Int64.
        Sql sql = Sql.of("SELECT station_id, min(greatest(arrived_at, toInt64(:from))) AS span_from,"
                        + " max(if(left_at = 0, toInt64(:to), least(left_at - 1, toInt64(:to)))) AS span_to"
                        + " FROM station_occupancy WHERE vin = :vin AND arrived_at <= :to"
                        + " AND (left_at = 0 OR left_at > :from) GROUP BY station_id ORDER BY station_id")
                .bind("vin", vin)
                .bind("from", from)
                .bind("to", to);
        return reader.query("visit-spans", sql)
                .map(rows -> rows.stream()
                        .map(row -> new StationSpan(
                                Rows.textOrEmpty(row, "station_id"),
                                Rows.number(row, "span_from"),
                                Rows.number(row, "span_to")))
                        .toList());
    }

    private static Sql samplesSql(String vin, long from, long bucket, int maxPoints, List<StationSpan> spans) {
        Sql sql = Sql.of("SELECT station_id, intDiv(timestamp - :from, :bucket) AS bucket_index,"
                        + " if(count() = 1, min(timestamp), :from + bucket_index * :bucket) AS point_timestamp,"
                        + " avg(torque) AS mean_torque, min(torque) AS min_torque, max(torque) AS max_torque,"
                        + " count() AS samples"
                        + " FROM telemetry FINAL WHERE vin = :vin AND " + spanCondition(spans)
                        + " GROUP BY station_id, bucket_index ORDER BY point_timestamp, station_id"
                        + " LIMIT :limit")
                .bind("vin", vin)
                .bind("from", from)
                .bind("bucket", bucket)
                .bind("limit", maxPoints * 4);
        return bindSpans(sql, spans);
    }

    /** Builds a condition that keeps rows within the spans; {@link #bindSpans} binds its parameters. */
    private static String spanCondition(List<StationSpan> spans) {
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            conditions.add("(station_id = :spanStation" + i + " AND timestamp >= :spanFrom" + i
                    + " AND timestamp <= :spanTo" + i + ")");
        }
        return "(" + String.join(" OR ", conditions) + ")";
    }

    private static Sql bindSpans(Sql sql, List<StationSpan> spans) {
        for (int i = 0; i < spans.size(); i++) {
            sql.bind("spanStation" + i, spans.get(i).stationId())
                    .bind("spanFrom" + i, spans.get(i).from())
                    .bind("spanTo" + i, spans.get(i).to());
        }
        return sql;
    }

    /**
     * Returns the tightening results of {@code vin} within {@code windowVisits}, the VIN's visits in the window (see
     * {@link #visitSpans}). Query-side labels a result with the VIN whose visit covers the result's timestamp.
     */
    Mono<List<TighteningResult>> tighteningResults(String vin, Mono<List<StationSpan>> windowVisits) {
        return windowVisits.flatMap(spans -> {
            if (spans.isEmpty()) {
                return Mono.just(List.<TighteningResult>of());
            }
            Sql sql = Sql.of("SELECT " + TighteningResult.COLUMNS + " FROM tightening_results FINAL"
                            + " WHERE vin = :vin AND " + spanCondition(spans) + " ORDER BY timestamp LIMIT :limit")
                    .bind("vin", vin)
                    .bind("limit", MAX_ROWS);
            return reader.query("tightening-window", bindSpans(sql, spans))
                    .map(rows -> rows.stream().map(TighteningResult::fromRow).toList());
        });
    }

    /**
     * Returns the newest scores of {@code vin} at or before {@code at}. Like {@link #samples}, it reads the scores
     * table (ordered by station_id, timestamp) only within the VIN's visits, because ml-scorer labels a score with the
     * VIN whose visit covers the sample, from the same arrived and left events.
     */
    Mono<List<Score>> scoresBefore(String vin, long at) {
        return visitSpans(vin, 0, at).flatMap(spans -> {
            if (spans.isEmpty()) {
                return Mono.just(List.<Score>of());
            }
            Sql sql = Sql.of("SELECT " + Score.COLUMNS + " FROM scores FINAL WHERE vin = :vin AND "
                            + spanCondition(spans) + " ORDER BY timestamp DESC LIMIT :limit")
                    .bind("vin", vin)
                    .bind("limit", MAX_ROWS);
            return reader.query("scores-before", bindSpans(sql, spans))
                    .map(rows -> rows.stream().map(Score::fromRow).toList());
        });
    }

    Mono<List<Alert>> alertsBefore(String vin, long at) {
        Sql sql = Sql.of("SELECT " + Alert.COLUMNS + " FROM alerts FINAL WHERE vin = :vin AND timestamp <= :at"
                        + " ORDER BY timestamp DESC LIMIT :limit")
                .bind("vin", vin)
                .bind("at", at)
                .bind("limit", MAX_ROWS);
        return reader.query("alerts-before", sql)
                .map(rows -> rows.stream().map(Alert::fromRow).toList());
    }

    /**
     * Returns what "did Foresight see it coming" needs: the first defect of {@code vin} detected at or after {@code at}, the
     * first alert of that VIN at or before the defect's detection, and the lead time between them.
     */
    Mono<Foresight> foresight(String vin, long at) {
        Sql defectSql = Sql.of("SELECT " + Defect.COLUMNS + " FROM defects FINAL"
                        + " WHERE vin = :vin AND detected_at >= :at ORDER BY detected_at, event_id LIMIT 1")
                .bind("vin", vin)
                .bind("at", at);
        return reader.query("defect-after", defectSql).flatMap(defects -> {
            if (defects.isEmpty()) {
                return Mono.just(new Foresight(null, null, null, false));
            }
            Defect defect = Defect.fromRow(defects.get(0));
            Sql alertSql = Sql.of("SELECT " + Alert.COLUMNS + " FROM alerts FINAL"
                            + " WHERE vin = :vin AND timestamp <= :detected ORDER BY timestamp, alert_id LIMIT 1")
                    .bind("vin", vin)
                    .bind("detected", defect.detectedAt());
            return reader.query("first-alert-before", alertSql).map(alerts -> {
                if (alerts.isEmpty()) {
                    return new Foresight(defect, null, null, false);
                }
                Alert first = Alert.fromRow(alerts.get(0));
                return new Foresight(defect, first, defect.detectedAt() - first.timestamp(), true);
            });
        });
    }

    /**
     * Returns the events of a work order in aggregate order. {@code occurredBefore} keeps events that happened at or
     * before it, {@code knownAt} those recorded at or before it. A correction in the result marks the event it
     * replaces with {@code correctedByEventId}.
     */
    Mono<List<MesEvent>> events(String workOrderId, Long occurredBefore, Long knownAt) {
        List<String> conditions = new ArrayList<>(List.of("work_order_id = :id"));
        if (occurredBefore != null) {
            conditions.add("occurred_at <= :occurred");
        }
        if (knownAt != null) {
            conditions.add("recorded_at <= :known");
        }
        Sql sql = Sql.of("SELECT " + MesEvent.COLUMNS + " FROM mes_events FINAL WHERE "
                        + String.join(" AND ", conditions) + " ORDER BY aggregate_sequence, event_id")
                .bind("id", workOrderId);
        if (occurredBefore != null) {
            sql.bind("occurred", occurredBefore);
        }
        if (knownAt != null) {
            sql.bind("known", knownAt);
        }
        return reader.query("work-order-events", sql).map(rows -> {
            List<MesEvent> events = rows.stream().map(MesEvent::fromRow).toList();
            Map<String, String> correctedBy = new HashMap<>();
            for (MesEvent event : events) {
                if (event.correctsEventId() != null) {
                    correctedBy.put(event.correctsEventId(), event.eventId());
                }
            }
            return events.stream()
                    .map(event -> correctedBy.containsKey(event.eventId())
                            ? event.correctedBy(correctedBy.get(event.eventId()))
                            : event)
                    .toList();
        });
    }
}
