package io.aegis.bench;

import io.aegis.contract.Subjects;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.CreateWorkOrder;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.RouteStep;
import io.aegis.proto.v1.VinPolicy;
import io.aegis.proto.v1.WorkOrderCommand;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Work-order commands per second through a command-side service that scripts/bench.sh started (NATS request/reply,
 * one CreateWorkOrder per new work order, a bounded window of requests in flight), and the lag from an event's
 * recorded_at to its arrival on the stream subject. The baseline is pgbench running single-row INSERTs with as
 * many clients as the window on the same PostgreSQL.
 */
final class CommandBench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private CommandBench() {}

    static void run(Macro.Options o, Results results) throws Exception {
        int commands = o.integer("commands", 2_000);
        int runs = o.integer("runs", 3);
        int window = o.integer("window", 16);
        long limitMs = o.seconds("limit", 120).toMillis();
        Subjects subjects = Macro.subjects(o);
        try (Connection connection = Macro.connect(o)) {
            ConcurrentLinkedQueue<Double> lags = new ConcurrentLinkedQueue<>();
            Dispatcher dispatcher = connection.createDispatcher(message -> {
                try {
                    MesEvent event = MesEvent.parseFrom(message.getData());
                    lags.add((double) (System.currentTimeMillis() - event.getRecordedAt()));
                } catch (Exception e) {
                    Progress.say("undecodable MES event on %s: %s", message.getSubject(), e.toString());
                }
            });
            dispatcher.subscribe(subjects.mesAll());
            for (int run = 0; run <= runs; run++) {
                lags.clear();
                double rate = commands(connection, subjects, run, commands, window, limitMs);
                long settle = System.currentTimeMillis() + 10_000;
                while (lags.size() < commands && System.currentTimeMillis() < settle) {
                    Thread.sleep(100);
                }
                double[] sorted =
                        lags.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                results.write(results.record("commands", "aegis", run, rate, "commands/s")
                        .put("window", window));
                results.write(results.record("publish_lag_p99", "aegis", run, Progress.percentile(sorted, 99), "ms")
                        .put("events", sorted.length));
                results.write(results.record("publish_lag_p50", "aegis", run, Progress.percentile(sorted, 50), "ms")
                        .put("events", sorted.length));
                if (run > 0) {
                    results.write(results.record("commands", "baseline", run, pgbench(o, window), "inserts/s")
                            .put("clients", window));
                }
            }
        }
    }

    private static double commands(
            Connection connection, Subjects subjects, int run, int commands, int window, long limitMs)
            throws Exception {
        Semaphore inFlight = new Semaphore(window);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String prefix = "b" + System.currentTimeMillis() % 100_000 + "r" + run;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(limitMs);
        int sent = 0;
        for (int i = 0; i < commands && System.nanoTime() < deadline; i++) {
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            WorkOrderCommand command = WorkOrderCommand.newBuilder()
                    .setIdempotencyKey(prefix + "-" + i)
                    .setIssuedBy("bench")
                    .setWorkOrderId(prefix + "-" + i)
                    .setCreate(CreateWorkOrder.newBuilder()
                            .setVin(vin(run, i))
                            .setModel("AEGIS-SEDAN")
                            .setVinPolicy(VinPolicy.VIN_POLICY_LENIENT)
                            .addRoute(RouteStep.newBuilder().setStationId("1").setOperation("torque"))
                            .addRoute(RouteStep.newBuilder()
                                    .setStationId("2")
                                    .setOperation("flash")
                                    .setFlashesFirmware(true)))
                    .build();
            CompletableFuture<Message> reply = connection.request(subjects.workOrderCommands(), command.toByteArray());
            sent++;
            reply.orTimeout(10, TimeUnit.SECONDS).whenComplete((message, error) -> {
                if (error == null && parsesOk(message)) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.tryAcquire(window, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long elapsed = System.nanoTime() - start;
        Progress.say("commands run %d: %d sent, %d ok, %d failed", run, sent, ok.get(), failed.get());
        return ok.get() / (elapsed / 1e9);
    }

    private static boolean parsesOk(Message message) {
        try {
            CommandReply reply = CommandReply.parseFrom(message.getData());
            if (!reply.getOk()) {
                Progress.say("command rejected: %s", reply.getProblem().getDetail());
            }
            return reply.getOk();
        } catch (Exception e) {
            return false;
        }
    }

    /** A 17-character VIN unique per run and index; its check digit is not computed (lenient policy). */
    private static String vin(int run, int i) {
        return String.format("1HGBH41JX%1d%07d", run % 10, (System.currentTimeMillis() / 1000 % 1000) * 10_000 + i)
                .substring(0, 17);
    }

    private static double pgbench(Macro.Options o, int clients) throws Exception {
        Path script = Files.createTempFile("aegis-bench-insert", ".sql");
        Files.writeString(script, "INSERT INTO bench_rows (payload) VALUES ('work-order-created');\n");
        ProcessBuilder builder = new ProcessBuilder(
                        o.string("pgbench"),
                        "-n",
                        "-h",
                        o.string("pgHost", "127.0.0.1"),
                        "-p",
                        o.string("pgPort", "5432"),
                        "-U",
                        o.string("pgUser", "postgres"),
                        "-c",
                        Integer.toString(clients),
                        "-j",
                        "2",
                        "-T",
                        o.string("pgbenchSeconds", "10"),
                        "-f",
                        script.toString(),
                        o.string("pgDatabase"))
                .redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(120, TimeUnit.SECONDS);
        Files.delete(script);
        Matcher matcher = TPS.matcher(output);
        double tps = -1;
        while (matcher.find()) {
            tps = Double.parseDouble(matcher.group(1));
        }
        if (tps < 0) {
            throw new IllegalStateException("pgbench printed no tps: " + output);
        }
        Progress.say("pgbench: %.0f single-row inserts/s with %d clients", tps, clients);
        return tps;
    }
}
