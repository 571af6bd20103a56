package io.aegis.queryside;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A ClickHouse server of this test's own, on free loopback ports with its configuration and data under
 * {@code target/}, so an outage can be caused without touching the server other tests and services share.
 */
final class PrivateClickHouse implements AutoCloseable {

    private final Path directory;
    private final int httpPort;
    private Process process;

    PrivateClickHouse(Path directory) throws IOException {
        this.directory = directory.toAbsolutePath();
        this.httpPort = freePort();
        int tcpPort = freePort();
        Files.createDirectories(this.directory.resolve("data"));
        Files.createDirectories(this.directory.resolve("logs"));
        Files.writeString(this.directory.resolve("config.xml"), """
                <?xml version="1.0"?>
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%1$s/logs/clickhouse-server.log</log>
                        <errorlog>%1$s/logs/clickhouse-server.err.log</errorlog>
                    </logger>
                    <listen_host>127.0.0.1</listen_host>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <max_concurrent_queries>20</max_concurrent_queries>
                    <mark_cache_size>67108864</mark_cache_size>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/data/tmp/</tmp_path>
                    <user_files_path>%1$s/data/user_files/</user_files_path>
                    <format_schema_path>%1$s/data/format_schemas/</format_schema_path>
                    <users_config>users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <mlock_executable>false</mlock_executable>
                </yandex>
                """.formatted(this.directory, httpPort, tcpPort));
        Files.writeString(this.directory.resolve("users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                    <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>127.0.0.1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                    </users>
                    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
                        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
                    </interval></default></quotas>
                </yandex>
                """);
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the server and waits until it responds, at most 60 s. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("clickhouse-server", "--config-file=" + directory.resolve("config.xml"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("logs/stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!responds()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "clickhouse-server exited with " + process.exitValue() + "; see " + directory.resolve("logs"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("clickhouse-server on " + url() + " did not answer within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Kills the server at once, as a crash or a pulled cable would stop it. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    boolean responds() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url() + "/ping"))
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
