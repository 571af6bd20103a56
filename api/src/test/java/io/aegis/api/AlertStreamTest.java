package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.api.security.Role;
import io.aegis.proto.v1.DefectAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.List;
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
import reactor.core.publisher.Flux;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertStreamTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {};

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    final ObjectMapper mapper = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.register(registry, clickHouse, nats);
        registry.add("aegis.sse.heartbeat", () -> "1s");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    @Test
    void liveAlertHasStreamSequenceAsId() throws Exception {
        double before = subscribers();
        Flux<ServerSentEvent<String>> stream = events(null, "").filter(event -> "alert".equals(event.event()));
        var firstAlert = stream.next().toFuture();
        await().atMost(TIMEOUT).until(() -> subscribers() > before);

        PublishAck ack = publish(alert("a-live", "5", 0.97, 61.8));

        ServerSentEvent<String> event = firstAlert.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(event.id()).isEqualTo(Long.toString(ack.getSeqno()));
        JsonNode data = mapper.readTree(event.data());
        assertThat(data.get("station_id").asText()).isEqualTo("5");
        assertThat(data.get("anomaly_score").asDouble()).isEqualTo(0.97);
        assertThat(data.get("trigger_torque_nm").asDouble()).isEqualTo(61.8);
        assertThat(data.get("timestamp").isNumber()).isTrue();
        assertThat(data.get("timestamp").asLong()).isEqualTo(1_714_234_567_890L);
        assertThat(data.get("vin").asText()).isEqualTo("1HGBH41JXMN100005");
        assertThat(data.get("firmware").asText()).isEqualTo("v2.1.4");
        assertThat(data.get("model_name").asText()).isEqualTo("zscore");
        assertThat(data.get("model_version").asText()).isEqualTo("1");
        assertThat(data.get("alert_id").asText()).isEqualTo("a-live");
    }

    @Test
    void lastEventIdResumesMissedAlerts() throws Exception {
        PublishAck seen = publish(alert("r-0", "5", 0.9, 60.0));
        PublishAck first = publish(alert("r-1", "6", 0.91, 60.1));
        publishTelemetryNoise();
        PublishAck second = publish(alert("r-2", "5", 0.92, 60.2));

        List<ServerSentEvent<String>> resumed = events(Long.toString(seen.getSeqno()), "")
                .filter(event -> "alert".equals(event.event()))
                .take(2)
                .collectList()
                .block(TIMEOUT);

        assertThat(resumed)
                .extracting(ServerSentEvent::id)
                .containsExactly(Long.toString(first.getSeqno()), Long.toString(second.getSeqno()));
    }

    @Test
    void resumeDuringPublishingHasNoGapOrDuplicate() throws Exception {
        // A live subscriber first, so the shared consumer runs and the resuming clients must catch up from behind it.
        double before = subscribers();
        var live = events(null, "").subscribe();
        await().atMost(TIMEOUT).until(() -> subscribers() >= before + 1);
        try {
            PublishAck from = publish(alert("h-start", "5", 0.9, 60.0));
            List<Long> published = new java.util.concurrent.CopyOnWriteArrayList<>();
            publishMixed("h-old-", 400, published, Duration.ZERO);
            var registered = new java.util.concurrent.CountDownLatch(1);
            // Alerts keep arriving, one every 2 ms, before and after the clients register. Whether some of them also
            // queue up during a catch-up depends on timing; AlertFeedHandOverTest forces that overlap.
            var publisher = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    publishMixed("h-early-", 50, published, Duration.ofMillis(2));
                    registered.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                    publishMixed("h-late-", 250, published, Duration.ofMillis(2));
                    published.add(publish(alert("h-end", "5", 0.9, 60.0)).getSeqno());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<java.util.concurrent.CompletableFuture<List<Long>>> resumed = new java.util.ArrayList<>();
            for (int client = 0; client < 4; client++) {
                resumed.add(events(Long.toString(from.getSeqno()), "")
                        .filter(event -> "alert".equals(event.event()))
                        .takeUntil(event -> event.data().contains("\"alert_id\":\"h-end\""))
                        .map(event -> Long.parseLong(event.id()))
                        .collectList()
                        .toFuture());
            }
            await().atMost(TIMEOUT).until(() -> subscribers() >= before + 5);
            registered.countDown();
            publisher.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            for (var client : resumed) {
                assertThat(client.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                        .containsExactlyElementsOf(published);
            }
        } finally {
            live.dispose();
        }
    }

    /** Publishes {@code count} alerts on stations 5 and 6 with telemetry between them, adding their sequences. */
    void publishMixed(String prefix, int count, List<Long> sequences, Duration pause) throws Exception {
        for (int i = 0; i < count; i++) {
            Thread.sleep(pause.toMillis());
            sequences.add(publish(alert(prefix + i, i % 2 == 0 ? "5" : "6", 0.9, 60.0))
                    .getSeqno());
            if (i % 10 == 0) {
                publishTelemetryNoise();
            }
        }
    }

    @Test
    void stationFilterKeepsOnlyThatStation() throws Exception {
        PublishAck start = publish(alert("f-0", "7", 0.9, 60.0));
        publish(alert("f-1", "8", 0.9, 60.0));
        PublishAck kept = publish(alert("f-2", "7", 0.9, 60.0));

        ServerSentEvent<String> event = events(Long.toString(start.getSeqno()), "?station_id=7")
                .filter(e -> "alert".equals(e.event()))
                .blockFirst(TIMEOUT);

        assertThat(event.id()).isEqualTo(Long.toString(kept.getSeqno()));
    }

    @Test
    void idBeyondStreamEndGetsOneResync() throws Exception {
        PublishAck last = publish(alert("x-0", "5", 0.9, 60.0));

        ServerSentEvent<String> event =
                events(Long.toString(last.getSeqno() + 1_000), "").blockFirst(TIMEOUT);

        assertThat(event.event()).isEqualTo("resync");
        JsonNode data = mapper.readTree(event.data());
        assertThat(data.get("reason").asText()).isEqualTo("unknown");
        assertThat(Long.parseLong(event.id())).isGreaterThanOrEqualTo(last.getSeqno());
    }

    @Test
    void expiredLastEventIdGetsOneResync() throws Exception {
        PublishAck expired = publish(alert("p-0", "5", 0.9, 60.0));
        nats.connection().jetStreamManagement().purgeStream(nats.stream());

        List<ServerSentEvent<String>> events = events(Long.toString(expired.getSeqno() - 1), "")
                .filter(event -> event.event() != null)
                .take(1)
                .collectList()
                .block(TIMEOUT);

        assertThat(events).hasSize(1);
        assertThat(events.get(0).event()).isEqualTo("resync");
        JsonNode data = mapper.readTree(events.get(0).data());
        assertThat(data.get("reason").asText()).isEqualTo("expired");
        assertThat(data.get("first_available_seq").asLong()).isEqualTo(expired.getSeqno() + 1);
        assertThat(data.get("resume_after").asLong()).isEqualTo(expired.getSeqno());
    }

    @Test
    void streamSendsHeadersAndHeartbeats() {
        var response = client().get()
                .uri("/api/alerts/stream")
                .exchangeToMono(r -> r.bodyToFlux(EVENT)
                        .filter(e -> "heartbeat".equals(e.event()))
                        .next()
                        .map(heartbeat -> List.of(r.headers().asHttpHeaders(), heartbeat)))
                .block(TIMEOUT);

        var headers = (org.springframework.http.HttpHeaders) response.get(0);
        assertThat(headers.getCacheControl()).isEqualTo("no-cache");
        assertThat(headers.getFirst("X-Accel-Buffering")).isEqualTo("no");
        assertThat(((ServerSentEvent<?>) response.get(1)).id()).isNull();
    }

    @Test
    void invalidLastEventIdIsRejected() {
        var status = client().get()
                .uri("/api/alerts/stream")
                .header("Last-Event-ID", "1 OR 1=1")
                .exchangeToMono(r ->
                        r.bodyToMono(String.class).map(body -> r.statusCode().value() + " " + body))
                .block(TIMEOUT);

        assertThat(status).startsWith("400").contains("Last-Event-ID");
    }

    Flux<ServerSentEvent<String>> events(String lastEventId, String query) {
        return client().get()
                .uri("/api/alerts/stream" + query)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve()
                .bodyToFlux(EVENT);
    }

    WebClient client() {
        return WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-API-Key", TestProperties.key(Role.SUPERVISOR))
                .build();
    }

    double subscribers() {
        var gauge = registry.find("aegis.api.sse.subscribers").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    PublishAck publish(DefectAlert alert) throws Exception {
        Headers headers =
                new Headers().put("Content-Type", "application/protobuf").put("Nats-Msg-Id", alert.getAlertId());
        return nats.connection()
                .jetStream()
                .publish(nats.subjects().alerts(alert.getStationId()), headers, alert.toByteArray());
    }

    /** Publishes a non-alert message, so the stream sequences of the alerts around it are not adjacent. */
    void publishTelemetryNoise() throws Exception {
        nats.connection().jetStream().publish(nats.subjects().telemetry("5"), new byte[] {1});
    }

    static DefectAlert alert(String id, String station, double score, double torque) {
        return DefectAlert.newBuilder()
                .setAlertId(id)
                .setStationId(station)
                .setAnomalyScore(score)
                .setTriggerTorqueNm(torque)
                .setTimestamp(1_714_234_567_890L)
                .setVin("1HGBH41JXMN100005")
                .setFirmware("v2.1.4")
                .setModelName("zscore")
                .setModelVersion("1")
                .build();
    }
}
