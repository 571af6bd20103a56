package io.aegis.queryside;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.ClickHouseMigrations;
import io.aegis.queryside.clickhouse.ClickHouseUnavailableException;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.mes.MesConsumer;
import io.aegis.queryside.records.RecordIngest;
import io.aegis.queryside.telemetry.TelemetryIngest;
import io.micrometer.core.instrument.Gauge;
import io.nats.client.Connection;
import java.time.Clock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the query side in order: NATS and the stream, ClickHouse migrations, the writer, the MES context
 * (followed from the stream start), then the telemetry and record consumers. Startup runs on its own thread and
 * retries until NATS and ClickHouse respond, so the service can start before them; health reports the phase.
 */
final class QuerySideRuntime implements SmartLifecycle {

    /** Startup phases, reported by health. */
    enum Phase {
        STARTING,
        MIGRATING,
        CATCHING_UP,
        RUNNING,
        STOPPED
    }

    private static final Logger log = LoggerFactory.getLogger(QuerySideRuntime.class);

    private final NatsProperties nats;
    private final QuerySideProperties properties;
    private final ClickHouseGateway clickHouse;
    private final ClickHouseAvailability availability;
    private final MesContext context;
    private final QueryMetrics metrics;
    private final Clock clock;
    private final Subjects subjects;

    private volatile Phase phase = Phase.STOPPED;
    private volatile boolean stopping;
    private volatile String lastStartupError = "";
    private Thread startup;
    private Connection connection;
    private TelemetryIngest telemetry;
    private MesConsumer mes;
    private RecordIngest records;
    private boolean telemetryConsuming;

    QuerySideRuntime(
            NatsProperties nats,
            QuerySideProperties properties,
            ClickHouseGateway clickHouse,
            ClickHouseAvailability availability,
            MesContext context,
            QueryMetrics metrics,
            Clock clock) {
        this.nats = nats;
        this.properties = properties;
        this.clickHouse = clickHouse;
        this.availability = availability;
        this.context = context;
        this.metrics = metrics;
        this.clock = clock;
        this.subjects = new Subjects(nats.subjectRoot());
        Gauge.builder("aegis.query.mes.caught_up", this, runtime -> runtime.mesCaughtUp() ? 1 : 0)
                .description("1 once the MES context has caught up with the MES stream head")
                .register(metrics.registry());
        Gauge.builder("aegis.query.mes.corrections.unknown", context, MesContext::unknownCorrections)
                .description("MES corrections naming an event the retained context does not hold")
                .register(metrics.registry());
        Gauge.builder("aegis.query.clickhouse.outages", availability, ClickHouseAvailability::outages)
                .description("ClickHouse outages since start")
                .register(metrics.registry());
    }

    @Override
    public synchronized void start() {
        stopping = false;
        phase = Phase.STARTING;
        startup = new Thread(this::startUp, "query-side-startup");
        startup.setDaemon(true);
        startup.start();
    }

    private void startUp() {
        long backoffMs = 200;
        while (!stopping) {
            try {
                startOnce();
                return;
            } catch (ClickHouseUnavailableException e) {
                lastStartupError = e.getMessage();
                log.warn("[startup] ClickHouse not ready, retrying in {} ms: {}", backoffMs, e.getMessage());
            } catch (Exception e) {
                lastStartupError = e.toString();
                log.warn("[startup] {} failed, retrying in {} ms: {}", phase, backoffMs, e.toString());
            }
            LockSupport.parkNanos(backoffMs * 1_000_000);
            backoffMs = Math.min(10_000, backoffMs * 2);
        }
    }

    private synchronized void startOnce() throws Exception {
        if (connection == null) {
            connection = NatsConnector.connect(nats.url(), nats.user(), nats.password(), "query-side");
        }
        AegisStream.ensure(connection, nats.stream(), subjects);

        phase = Phase.MIGRATING;
        new ClickHouseMigrations(clickHouse).migrate();

        phase = Phase.CATCHING_UP;
        // Each part is created once, so a retry after a failure further down does not start a second copy.
        if (telemetry == null) {
            telemetry = new TelemetryIngest(
                    connection,
                    nats.stream(),
                    subjects,
                    properties,
                    clickHouse,
                    availability,
                    context,
                    metrics,
                    clock,
                    this::mesCaughtUp);
            telemetry.startWriter();
        }

        if (mes == null) {
            MesConsumer consumer =
                    new MesConsumer(connection, nats.stream(), subjects, context, telemetry, clickHouse, metrics);
            consumer.start();
            mes = consumer;
        }

        if (!telemetryConsuming) {
            telemetry.startConsuming();
            telemetryConsuming = true;
        }

        if (records == null) {
            RecordIngest ingest = new RecordIngest(
                    connection,
                    nats.stream(),
                    subjects,
                    properties,
                    clickHouse,
                    availability,
                    context,
                    metrics,
                    clock,
                    this::mesCaughtUp);
            ingest.start();
            records = ingest;
        }
        phase = Phase.RUNNING;
        lastStartupError = "";
        log.info("[startup] query side running on stream {} (subjects {})", nats.stream(), subjects.all());
    }

    @Override
    public void stop() {
        stopping = true;
        shutDown(false);
    }

    /** Stops without storing or acknowledging what is in memory, as a killed process would; for tests. */
    void halt() {
        stopping = true;
        shutDown(true);
    }

    private void shutDown(boolean abrupt) {
        joinStartup();
        synchronized (this) {
            try {
                if (records != null) {
                    records.stop();
                }
                if (mes != null) {
                    mes.stop();
                }
                if (telemetry != null) {
                    if (abrupt) {
                        telemetry.halt();
                    } else {
                        telemetry.stop();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeConnection();
                phase = Phase.STOPPED;
            }
        }
    }

    private void joinStartup() {
        Thread thread = startup;
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
        }
    }

    @Override
    public boolean isRunning() {
        return phase != Phase.STOPPED;
    }

    Phase phase() {
        return phase;
    }

    boolean mesCaughtUp() {
        MesConsumer consumer = mes;
        return consumer != null && consumer.isCaughtUp();
    }

    long mesEventsApplied() {
        MesConsumer consumer = mes;
        return consumer == null ? 0 : consumer.appliedEvents();
    }

    int samplesInMemory() {
        TelemetryIngest ingest = telemetry;
        return ingest == null ? 0 : ingest.samplesInMemory();
    }

    String lastStartupError() {
        return lastStartupError;
    }
}
