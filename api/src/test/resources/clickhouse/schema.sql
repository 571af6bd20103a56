-- Test copy of the read-model tables that query-side creates and migrates in production (database `aegis`),
-- with the columns of query-side's first migration. api tests create them in a fresh database per test class.
CREATE TABLE telemetry (
    station_id String, seq UInt64, timestamp Int64, torque Float64, angle_deg Float64, has_angle UInt8,
    tightening_id String, source String, vin String, vin_flags String, firmware String, firmware_ecus String,
    work_order_id String, status String, ingest_timestamp Int64, clock_suspect UInt8, clock_offset_ms Int64,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMMDD(toDate(intDiv(timestamp, 1000)))
ORDER BY (station_id, timestamp, seq);

CREATE TABLE mes_events (
    event_id String, work_order_id String, vin String, aggregate_sequence Int64, event_type String,
    station_id String, occurred_at Int64, recorded_at Int64, corrects_event_id String, ecu String,
    firmware String, defect_code String, payload_json String, global_index Int64, issued_by String,
    correlation_id String, stream_seq UInt64
) ENGINE = ReplacingMergeTree
ORDER BY (work_order_id, aggregate_sequence, event_id);

CREATE TABLE station_occupancy (
    station_id String, work_order_id String, vin String, arrived_at Int64, left_at Int64,
    arrival_event_id String, corrected_by String, superseded_by String, version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (station_id, arrived_at, work_order_id);

CREATE TABLE firmware_history (
    event_id String, work_order_id String, vin String, station_id String, ecu String, firmware String,
    result String, flashed_at Int64, corrected_by String, version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (vin, flashed_at, event_id);

CREATE TABLE defects (
    event_id String, work_order_id String, vin String, code String, description String, detected_at Int64,
    reported_at Int64, source String, station_id String
) ENGINE = ReplacingMergeTree
ORDER BY (vin, detected_at, event_id);

CREATE TABLE alerts (
    alert_id String, stream_seq UInt64, station_id String, anomaly_score Float64, trigger_torque_nm Float64,
    timestamp Int64, vin String, firmware String, model_name String, model_version String, features_json String,
    merged_samples UInt32, first_timestamp Int64, last_timestamp Int64, raised_at Int64, trigger_seq UInt64
) ENGINE = ReplacingMergeTree
ORDER BY (station_id, timestamp, alert_id);

CREATE TABLE scores (
    station_id String, seq UInt64, timestamp Int64, score Float64, torque Float64, vin String, model_name String,
    model_version String
) ENGINE = ReplacingMergeTree
ORDER BY (station_id, timestamp, seq);

CREATE TABLE tightening_results (
    station_id String, tightening_id String, timestamp Int64, ok UInt8, final_torque Float64,
    final_angle_deg Float64, torque_min Float64, torque_max Float64, torque_target Float64, duration_ms Int64,
    vin_reported String, vin String, controller String, spindle Int32, source String, raw_status String
) ENGINE = ReplacingMergeTree
ORDER BY (station_id, timestamp, tightening_id);
