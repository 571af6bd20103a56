package io.aegis.queryside.telemetry;

import io.aegis.queryside.ClickHouseProperties;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.ClickHouseMigrations;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.EnrichmentStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures telemetry insert throughput by batch size against the local ClickHouse, to choose the default
 * {@code aegis.query.batch-rows}. Not part of the suite; run with
 * {@code mvn -B -pl query-side -am -Dui.skip=true -Dspotless.check.skip=true test -Dtest=InsertBatchBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Daegis.skipTimeZoneRuns=true -Daegis.bench=true} and read the table in the test output. Each size
 * inserts the same bounded number of rows into a fresh database that is dropped afterwards.
 */
@EnabledIfSystemProperty(named = "aegis.bench", matches = "true")
class InsertBatchBenchmark {

    private static final int ROWS_PER_SIZE = 100_000;
    private static final List<Integer> BATCH_SIZES = List.of(500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000);

    @Test
    void insertThroughputByBatchSize() {
        String database =
                "aegis_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ClickHouseGateway clickHouse = new ClickHouseGateway(new ClickHouseProperties(
                "http://127.0.0.1:8123", "default", "", database, Duration.ofSeconds(2), Duration.ofMinutes(10)));
        try {
            new ClickHouseMigrations(clickHouse).migrate();
            insert(clickHouse, 1_000, 5, 0);
            System.out.println("batch_rows  inserts  seconds  rows_per_s  ms_per_insert");
            long seqBase = 1_000_000;
            for (int batchRows : BATCH_SIZES) {
                int inserts = ROWS_PER_SIZE / batchRows;
                long start = System.nanoTime();
                insert(clickHouse, batchRows, inserts, seqBase);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "%10d  %7d  %7.2f  %10.0f  %13.1f%n",
                        batchRows, inserts, seconds, ROWS_PER_SIZE / seconds, seconds * 1000 / inserts);
                seqBase += ROWS_PER_SIZE;
            }
        } finally {
            // Dropping tables with many small parts can take minutes on a loaded ClickHouse 18.16.
            clickHouse.execute("DROP DATABASE IF EXISTS " + database);
            clickHouse.close();
        }
    }

    private static void insert(ClickHouseGateway clickHouse, int batchRows, int inserts, long seqBase) {
        long t0 = 1_714_234_567_890L;
        Enrichment enrichment = new Enrichment(
                "1HGBH41JXMN100005", "", "v2.1.4", "{\"eps\":\"v2.1.4\"}", "wo-bench", EnrichmentStatus.JOINED);
        long seq = seqBase;
        for (int i = 0; i < inserts; i++) {
            RowBinaryOutput out = new RowBinaryOutput(batchRows * 160);
            for (int r = 0; r < batchRows; r++) {
                seq++;
                new TelemetryRow(
                                "station-" + (seq % 6),
                                seq,
                                t0 + seq,
                                40 + (seq % 100) / 10.0,
                                seq % 360,
                                true,
                                "cycle-" + seq / 1000,
                                "sim",
                                t0 + seq + 5,
                                false,
                                5,
                                enrichment,
                                seq)
                        .writeTo(out);
            }
            clickHouse.insertRowBinary(TelemetryRow.TABLE, TelemetryRow.COLUMNS, out.toByteArray());
        }
    }
}
