package io.aegis.queryside.telemetry;

import io.aegis.queryside.clickhouse.RowBinaryInput;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.EnrichmentStatus;
import java.io.IOException;
import java.util.List;

/**
 * One row of the telemetry table: the raw sample as the source sent it, when and how it was ingested, and its
 * enrichment. Rewrites for corrections keep every raw and ingest column and change only the enrichment and version.
 */
record TelemetryRow(
        String stationId,
        long seq,
        long timestamp,
        double torque,
        double angleDeg,
        boolean hasAngle,
        String tighteningId,
        String source,
        long ingestTimestamp,
        boolean clockSuspect,
        long clockOffsetMs,
        Enrichment enrichment,
        long version) {

    static final String TABLE = "telemetry";

    static final List<String> COLUMNS = List.of(
            "station_id",
            "seq",
            "timestamp",
            "torque",
            "angle_deg",
            "has_angle",
            "tightening_id",
            "source",
            "vin",
            "vin_flags",
            "firmware",
            "firmware_ecus",
            "work_order_id",
            "status",
            "ingest_timestamp",
            "clock_suspect",
            "clock_offset_ms",
            "version");

    TelemetryRow withEnrichment(Enrichment newEnrichment, long newVersion) {
        return new TelemetryRow(
                stationId,
                seq,
                timestamp,
                torque,
                angleDeg,
                hasAngle,
                tighteningId,
                source,
                ingestTimestamp,
                clockSuspect,
                clockOffsetMs,
                newEnrichment,
                newVersion);
    }

    void writeTo(RowBinaryOutput out) {
        out.string(stationId)
                .int64(seq)
                .int64(timestamp)
                .float64(torque)
                .float64(angleDeg)
                .uint8(hasAngle)
                .string(tighteningId)
                .string(source)
                .string(enrichment.vin())
                .string(enrichment.vinFlags())
                .string(enrichment.firmware())
                .string(enrichment.firmwareEcus())
                .string(enrichment.workOrderId())
                .string(enrichment.status().name())
                .int64(ingestTimestamp)
                .uint8(clockSuspect)
                .int64(clockOffsetMs)
                .int64(version);
        out.endRow();
    }

    /** Reads a row selected with {@link #COLUMNS} in that order. */
    static TelemetryRow readFrom(RowBinaryInput in) throws IOException {
        String stationId = in.string();
        long seq = in.int64();
        long timestamp = in.int64();
        double torque = in.float64();
        double angleDeg = in.float64();
        boolean hasAngle = in.uint8();
        String tighteningId = in.string();
        String source = in.string();
        String vin = in.string();
        String vinFlags = in.string();
        String firmware = in.string();
        String firmwareEcus = in.string();
        String workOrderId = in.string();
        String status = in.string();
        long ingestTimestamp = in.int64();
        boolean clockSuspect = in.uint8();
        long clockOffsetMs = in.int64();
        long version = in.int64();
        Enrichment enrichment =
                new Enrichment(vin, vinFlags, firmware, firmwareEcus, workOrderId, EnrichmentStatus.valueOf(status));
        return new TelemetryRow(
                stationId,
                seq,
                timestamp,
                torque,
                angleDeg,
                hasAngle,
                tighteningId,
                source,
                ingestTimestamp,
                clockSuspect,
                clockOffsetMs,
                enrichment,
                version);
    }
}
