package io.aegis.edge.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A nats-server with JetStream that a test starts itself, on a free loopback port with its own storage folder, so it
 * can be stopped and started again while the shared server keeps running for everyone else. Restarts keep the port
 * and the stored streams.
 */
public final class PrivateNatsServer implements AutoCloseable {

    private static final String NATS_SERVER = "/usr/sbin/nats-server";

    private final Path folder;
    private final int port;
    private Process process;

    /** Reserves a free loopback port; nothing runs until {@link #start()}. */
    public PrivateNatsServer(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it accepts connections. */
    public void start() throws IOException {
        process = new ProcessBuilder(
                        NATS_SERVER,
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-js",
                        "-sd",
                        folder.resolve("jetstream").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("nats-server.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(20)).until(this::accepts);
    }

    /** Stops the server with SIGTERM, as a service manager would, and waits for it to exit. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    private boolean accepts() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running()) {
            stop();
        }
    }
}
