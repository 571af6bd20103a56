package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.api.security.Role;
import io.aegis.proto.v1.DefectAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Live SSE subscribers share one JetStream consumer, and a client that stops reading is closed on its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertFanOutTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final int MAX_BUFFERED = 50;
    static final List<String> QUERIES = List.of("?station_id=11", "?station_id=11&station_id=12", "");
    static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {};

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.register(registry, clickHouse, nats);
        registry.add("aegis.sse.max-buffered", () -> Integer.toString(MAX_BUFFERED));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    @Test
    void subscribersShareOneConsumer() throws Exception {
        double before = subscribers();
        List<CompletableFuture<String>> firstAlerts = new ArrayList<>();
        List<Disposable> open = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String query = QUERIES.get(i % QUERIES.size());
            var next = new CompletableFuture<String>();
            open.add(alerts(query).subscribe(event -> next.complete(event.id())));
            firstAlerts.add(next);
        }
        try {
            await().atMost(TIMEOUT).until(() -> subscribers() >= before + 30);

            assertThat(consumers()).isEqualTo(1);

            PublishAck ack = publish("share-1", "11");
            for (var first : firstAlerts) {
                assertThat(first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Long.toString(ack.getSeqno()));
            }
            assertThat(consumers()).isEqualTo(1);
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void slowClientIsClosedWithoutHurtingFastOne() throws Exception {
        double before = subscribers();
        var fast = alerts("?station_id=21")
                .takeUntil(event -> event.data().contains("\"alert_id\":\"slow-end\""))
                .map(ServerSentEvent::id)
                .collectList()
                .toFuture();
        try (Socket slow = new Socket()) {
            // A tiny receive window so that the server's socket buffers fill after a few alerts.
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            OutputStream request = slow.getOutputStream();
            request.write(("GET /api/alerts/stream?station_id=21 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Accept: text/event-stream\r\nX-API-Key: " + TestProperties.key(Role.SUPERVISOR)
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(TIMEOUT).until(() -> subscribers() >= before + 2);

            // Alerts of 16 KiB, paced, so the fast client keeps up while the slow one, which reads nothing, falls
            // far more than MAX_BUFFERED events behind.
            List<String> published = new ArrayList<>();
            String padding = "x".repeat(16 * 1024);
            for (int i = 0; i < 400; i++) {
                published.add(Long.toString(publish("slow-" + i, "21", padding).getSeqno()));
                Thread.sleep(2);
            }
            published.add(Long.toString(publish("slow-end", "21", "").getSeqno()));

            assertThat(fast.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactlyElementsOf(published);
            // The server closed the slow client: reading what reached its socket ends at end of stream, short of
            // the last alert, instead of timing out on an open response.
            slow.setSoTimeout((int) TIMEOUT.toMillis());
            String response = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response).doesNotContain("slow-end");
        }
    }

    Flux<ServerSentEvent<String>> alerts(String query) {
        return WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-API-Key", TestProperties.key(Role.SUPERVISOR))
                .build()
                .get()
                .uri("/api/alerts/stream" + query)
                .retrieve()
                .bodyToFlux(EVENT)
                .filter(event -> "alert".equals(event.event()));
    }

    long consumers() throws Exception {
        return nats.connection()
                .jetStreamManagement()
                .getStreamInfo(nats.stream())
                .getStreamState()
                .getConsumerCount();
    }

    double subscribers() {
        var gauge = registry.find("aegis.api.sse.subscribers").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    PublishAck publish(String id, String station) throws Exception {
        return publish(id, station, "v2.1.4");
    }

    PublishAck publish(String id, String station, String firmware) throws Exception {
        DefectAlert alert = DefectAlert.newBuilder()
                .setAlertId(id)
                .setStationId(station)
                .setAnomalyScore(0.95)
                .setTriggerTorqueNm(61.8)
                .setTimestamp(1_714_234_567_890L)
                .setFirmware(firmware)
                .build();
        Headers headers = new Headers().put("Nats-Msg-Id", id);
        return nats.connection().jetStream().publish(nats.subjects().alerts(station), headers, alert.toByteArray());
    }
}
