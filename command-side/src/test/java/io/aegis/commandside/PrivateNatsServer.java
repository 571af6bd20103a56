package io.aegis.commandside;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server with JetStream on a free loopback port, started by the test so it can be stopped and restarted
 * without disturbing the shared server. Its store directory survives restarts, like a production server's.
 */
final class PrivateNatsServer implements AutoCloseable {

    private static final String BINARY = "nats-server";

    final int port;
    private final Path storeDirectory;
    private Process process;

    PrivateNatsServer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        storeDirectory = Files.createTempDirectory("command-side-nats");
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(
                        BINARY, "-a", "127.0.0.1", "-p", String.valueOf(port), "-js", "-sd", storeDirectory.toString())
                .redirectErrorStream(true)
                .redirectOutput(storeDirectory.resolve("server.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!accepts()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IOException(
                        "nats-server did not start on port " + port + "; see " + storeDirectory.resolve("server.log"));
            }
            Thread.sleep(50);
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var paths = Files.walk(storeDirectory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
