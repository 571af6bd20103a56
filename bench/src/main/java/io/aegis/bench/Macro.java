package io.aegis.bench;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Entry point of the macro benchmarks that scripts/bench.sh runs: {@code Macro MEASURE key=value...}. Every measure
 * runs its Aegis side and its baseline alternately, {@code runs} times each, and appends one result line per run to
 * {@code results}.
 */
public final class Macro {

    private Macro() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "usage: Macro publish|simulator|batching|join|store|sweep|commands|timetravel|alerts|sse|outage|cleanup key=value...");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + args[i] + "' is invalid: use key=value");
            }
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Options o = new Options(options);
        Results results = new Results(Path.of(o.string("results")));
        switch (args[0]) {
            case "publish" -> PublishBench.publish(o, results);
            case "simulator" -> SimulatorPublishBench.run(o, results);
            case "batching" -> PublishBench.batching(o, results);
            case "join" -> JoinBench.run(o, results);
            case "store" -> StoreBench.run(o, results);
            case "sweep" -> StoreBench.sweep(o, results);
            case "commands" -> CommandBench.run(o, results);
            case "timetravel" -> TimeTravelBench.run(o, results);
            case "alerts" -> AlertBench.run(o, results);
            case "sse" -> SseBench.run(o, results);
            case "outage" -> OutageBench.run(o, results);
            case "cleanup" -> deleteStreams(o);
            default -> throw new IllegalArgumentException("measure '" + args[0] + "' is unknown");
        }
        System.exit(0);
    }

    /** Connects to NATS and makes sure the benchmark's own stream exists. */
    static Connection connect(Options o) throws Exception {
        Connection connection = NatsConnector.connect(o.string("nats"), "", "", "aegis-bench");
        AegisStream.ensure(connection, o.string("stream"), subjects(o));
        return connection;
    }

    /** Deletes each stream named in {@code streams} (comma-separated) that exists. */
    static void deleteStreams(Options o) throws Exception {
        try (Connection connection = NatsConnector.connect(o.string("nats"), "", "", "aegis-bench-cleanup")) {
            JetStreamManagement management = connection.jetStreamManagement();
            for (String stream : o.string("streams").split(",")) {
                try {
                    management.deleteStream(stream);
                    System.out.println("  deleted stream " + stream);
                } catch (JetStreamApiException e) {
                    System.out.println("  stream " + stream + " not deleted: " + e.getMessage());
                }
            }
        }
    }

    static Subjects subjects(Options o) {
        return new Subjects(o.string("root"));
    }

    /** Typed access to the key=value arguments. */
    record Options(Map<String, String> values) {
        String string(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("argument " + key + "=... is missing");
            }
            return value;
        }

        String string(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        int integer(String key, int fallback) {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
        }

        Duration seconds(String key, int fallback) {
            return Duration.ofSeconds(integer(key, fallback));
        }
    }
}
