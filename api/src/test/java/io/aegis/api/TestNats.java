package io.aegis.api;

import io.aegis.contract.AegisStream;
import io.aegis.contract.Subjects;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.util.UUID;

/** A fresh subject root and JetStream stream on the local NATS server, deleted on close. */
public final class TestNats implements AutoCloseable {

    public static final String URL = "nats://127.0.0.1:4222";

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final Subjects subjects = new Subjects("t" + suffix);
    private final String stream = "TEST_" + suffix;
    private final Connection connection;

    private TestNats() throws IOException, InterruptedException, JetStreamApiException {
        connection = Nats.connect(URL);
        AegisStream.ensure(connection, stream, subjects);
    }

    public static TestNats create() {
        try {
            return new TestNats();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("NATS at " + URL + " is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Subjects subjects() {
        return subjects;
    }

    public String stream() {
        return stream;
    }

    public String root() {
        return subjects.root();
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() throws Exception {
        try {
            connection.jetStreamManagement().deleteStream(stream);
        } finally {
            connection.close();
        }
    }
}
