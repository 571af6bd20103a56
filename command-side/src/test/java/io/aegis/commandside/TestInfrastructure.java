package io.aegis.commandside;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.nats.client.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh PostgreSQL database, subject root and JetStream stream for one test class, on the loopback servers.
 */
public final class TestInfrastructure implements AutoCloseable {

    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String NATS = "nats://127.0.0.1:4222";

    public final String database;
    public final String databaseUrl;
    public final Subjects subjects;
    public final String stream;
    public final Connection nats;
    public final String natsUrl;

    private TestInfrastructure(String suffix, String natsUrl) throws Exception {
        this.natsUrl = natsUrl;
        database = "aegis_test_" + suffix;
        databaseUrl = POSTGRES + database;
        subjects = new Subjects("t" + suffix);
        stream = "T" + suffix.toUpperCase(java.util.Locale.ROOT);
        execute("CREATE DATABASE " + database);
        nats = NatsConnector.connect(natsUrl, "", "", "command-side-test");
        AegisStream.ensure(nats, stream, subjects);
    }

    public static TestInfrastructure create() throws Exception {
        return create(NATS);
    }

    /** Uses the NATS server at {@code natsUrl} instead of the shared one. */
    public static TestInfrastructure create(String natsUrl) throws Exception {
        return new TestInfrastructure(
                UUID.randomUUID().toString().replace("-", "").substring(0, 12), natsUrl);
    }

    public void register(DynamicPropertyRegistry registry) {
        registry.add("aegis.postgres.url", () -> databaseUrl);
        registry.add("aegis.nats.url", () -> natsUrl);
        registry.add("aegis.nats.subject-root", subjects::root);
        registry.add("aegis.nats.stream", () -> stream);
        registry.add("server.port", () -> "0");
    }

    public java.sql.Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl, "postgres", "");
    }

    @Override
    public void close() throws Exception {
        try {
            nats.jetStreamManagement().deleteStream(stream);
        } finally {
            nats.close();
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (java.sql.Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
