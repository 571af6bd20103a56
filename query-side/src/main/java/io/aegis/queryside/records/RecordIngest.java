package io.aegis.queryside.records;

import io.aegis.contract.Subjects;
import io.aegis.queryside.QueryMetrics;
import io.aegis.queryside.QuerySideProperties;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.context.MesContext;
import io.nats.client.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Stores alerts, anomaly scores and tightening results, each from its own shared durable consumer. */
public final class RecordIngest {

    private final List<RecordConsumer> consumers;
    private final List<Thread> threads = new ArrayList<>();

    public RecordIngest(
            Connection connection,
            String stream,
            Subjects subjects,
            QuerySideProperties properties,
            ClickHouseGateway clickHouse,
            ClickHouseAvailability availability,
            MesContext context,
            QueryMetrics metrics,
            Clock clock,
            BooleanSupplier ready) {
        this.consumers = List.of(
                new RecordConsumer(
                        "alerts",
                        "alerts",
                        RecordTables.ALERT_COLUMNS,
                        properties.alertsConsumer(),
                        subjects.alertsAll(),
                        RecordTables.alerts(context),
                        connection,
                        stream,
                        properties,
                        clickHouse,
                        availability,
                        metrics,
                        clock,
                        ready,
                        context::appliedCount),
                new RecordConsumer(
                        "scores",
                        "scores",
                        RecordTables.SCORE_COLUMNS,
                        properties.scoresConsumer(),
                        subjects.scoresAll(),
                        RecordTables.scores(),
                        connection,
                        stream,
                        properties,
                        clickHouse,
                        availability,
                        metrics,
                        clock,
                        ready,
                        // Scores keep the scorer's VIN, so no MES event changes a stored score.
                        () -> 0),
                new RecordConsumer(
                        "tightening",
                        "tightening_results",
                        RecordTables.TIGHTENING_COLUMNS,
                        properties.tighteningConsumer(),
                        subjects.tighteningAll(),
                        RecordTables.tightening(context),
                        connection,
                        stream,
                        properties,
                        clickHouse,
                        availability,
                        metrics,
                        clock,
                        ready,
                        context::appliedCount));
    }

    /** Binds every consumer, then starts their threads, so a failed bind starts nothing. */
    public void start() throws Exception {
        for (RecordConsumer consumer : consumers) {
            consumer.bind();
        }
        for (RecordConsumer consumer : consumers) {
            Thread thread = new Thread(consumer, "records-" + consumers.indexOf(consumer));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    public void stop() throws InterruptedException {
        consumers.forEach(RecordConsumer::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
