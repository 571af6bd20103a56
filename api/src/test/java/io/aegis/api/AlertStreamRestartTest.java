package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.api.security.Role;
import io.aegis.proto.v1.DefectAlert;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reconnect scenario across a gateway restart. The client saw one alert, the gateway restarts and four alerts are
 * produced. The client reconnects with its last id and drops before any event. When it reconnects again it must get
 * each of the four exactly once and in order.
 */
class AlertStreamRestartTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {};

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    @Test
    void reconnectAfterRestartGetsEachMissedAlertOnce() throws Exception {
        String lastSeen;
        java.util.concurrent.CompletableFuture<List<ServerSentEvent<String>>> untilShutdown;
        try (ConfigurableApplicationContext first = start()) {
            int port = port(first);
            var seen = events(port, null)
                    .filter(e -> "alert".equals(e.event()))
                    .next()
                    .toFuture();
            untilShutdown = events(port, null).collectList().toFuture();
            waitForSubscriptions(port, 2);
            PublishAck ack = publish("before-restart");
            lastSeen = seen.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    .id();
            assertThat(lastSeen).isEqualTo(Long.toString(ack.getSeqno()));
        }
        // Shutdown ends open streams normally instead of holding the graceful shutdown until its timeout.
        assertThat(untilShutdown.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .extracting(ServerSentEvent::id)
                .contains(lastSeen);

        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            missed.add(Long.toString(publish("missed-" + i).getSeqno()));
        }

        try (ConfigurableApplicationContext second = start()) {
            int port = port(second);
            dropRightAfterHeaders(port, lastSeen);

            var resumed = events(port, lastSeen)
                    .filter(e -> "alert".equals(e.event()))
                    .takeUntil(e -> e.data().contains("\"alert_id\":\"marker\""))
                    .collectList()
                    .toFuture();
            waitForSubscriptions(port, 1);
            String marker = Long.toString(publish("marker").getSeqno());

            List<String> ids = resumed.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).stream()
                    .map(ServerSentEvent::id)
                    .toList();
            List<String> expected = new ArrayList<>(missed);
            expected.add(marker);
            assertThat(ids).containsExactlyElementsOf(expected);
        }
    }

    /** Connects with a last id, reads only the status line and headers, and closes the connection. */
    private static void dropRightAfterHeaders(int port, String lastEventId) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/stream"))
                .header("X-API-Key", TestProperties.key(Role.SUPERVISOR))
                .header("Last-Event-ID", lastEventId)
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        response.body().close();
    }

    /** Waits until the server has at least {@code count} alert consumers, so a publish after this is delivered. */
    private static void waitForSubscriptions(int port, int count) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> {
            String body = WebClient.create("http://127.0.0.1:" + port)
                    .get()
                    .uri("/actuator/metrics/aegis.api.sse.subscribers")
                    .header("X-API-Key", TestProperties.key(Role.ADMIN))
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(TIMEOUT);
            java.util.regex.Matcher value =
                    java.util.regex.Pattern.compile("\"value\":([0-9.]+)").matcher(body == null ? "" : body);
            return value.find() && Double.parseDouble(value.group(1)) >= count;
        });
    }

    private static reactor.core.publisher.Flux<ServerSentEvent<String>> events(int port, String lastEventId) {
        return WebClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/api/alerts/stream")
                .headers(headers -> {
                    headers.set("X-API-Key", TestProperties.key(Role.SUPERVISOR));
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve()
                .bodyToFlux(EVENT);
    }

    private static ConfigurableApplicationContext start() {
        // Command-line arguments outrank application.yml, which sets the production ports.
        return new SpringApplicationBuilder(ApiApplication.class)
                .run(
                        "--server.port=0",
                        "--aegis.grpc.port=0",
                        "--aegis.clickhouse.url=" + TestClickHouse.URL,
                        "--aegis.clickhouse.database=" + clickHouse.database(),
                        "--aegis.nats.url=" + TestNats.URL,
                        "--aegis.nats.stream=" + nats.stream(),
                        "--aegis.nats.subject-root=" + nats.root(),
                        "--aegis.security.credentials-file=" + TestProperties.CREDENTIALS_FILE);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static PublishAck publish(String id) throws Exception {
        DefectAlert alert = DefectAlert.newBuilder()
                .setAlertId(id)
                .setStationId("5")
                .setAnomalyScore(0.95)
                .setTriggerTorqueNm(61.8)
                .setTimestamp(1_714_234_567_890L)
                .build();
        Headers headers = new Headers().put("Nats-Msg-Id", id);
        return nats.connection().jetStream().publish(nats.subjects().alerts("5"), headers, alert.toByteArray());
    }
}
