package io.aegis.queryside.telemetry;

import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.clickhouse.RowVersions;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.EnrichmentStatus;
import java.time.Clock;
import java.util.List;

/**
 * Encodes telemetry rows exactly as {@link TelemetryWriter} does and inserts them in batches of a chosen size, for
 * the batch-size sweep. It sits in the query side's package because {@link TelemetryRow} is package-private.
 */
public final class WriterHarness {

    private WriterHarness() {}

    /** The column list of the telemetry table, in RowBinary order. */
    public static List<String> columns() {
        return TelemetryRow.COLUMNS;
    }

    /** Returns the RowBinary body of {@code samples}, each joined to {@code vin} with firmware v2.1.4. */
    public static byte[] encode(List<TorqueSample> samples, String vin, String workOrderId, RowVersions versions) {
        Enrichment enrichment =
                new Enrichment(vin, "", "v2.1.4", "{\"EPS\":\"v2.1.4\"}", workOrderId, EnrichmentStatus.JOINED);
        RowBinaryOutput out = new RowBinaryOutput(samples.size() * 160);
        long now = Clock.systemUTC().millis();
        for (TorqueSample raw : samples) {
            new TelemetryRow(
                            raw.getStationId(),
                            raw.getSeq(),
                            raw.getTimestamp(),
                            raw.getTorque(),
                            raw.getAngleDeg(),
                            raw.getHasAngle(),
                            raw.getTighteningId(),
                            raw.getSource(),
                            now,
                            false,
                            0,
                            enrichment,
                            versions.next())
                    .writeTo(out);
        }
        return out.toByteArray();
    }

    /** Inserts {@code samples} into {@code table} in batches of {@code batchRows}; returns the elapsed nanoseconds. */
    public static long insertInBatches(
            ClickHouseGateway gateway, String table, List<TorqueSample> samples, int batchRows) {
        RowVersions versions = new RowVersions(Clock.systemUTC());
        long start = System.nanoTime();
        for (int from = 0; from < samples.size(); from += batchRows) {
            List<TorqueSample> batch = samples.subList(from, Math.min(samples.size(), from + batchRows));
            gateway.insertRowBinary(
                    table, TelemetryRow.COLUMNS, encode(batch, "1HGBH41JXMN100005", "wo-sweep", versions));
        }
        return System.nanoTime() - start;
    }
}
