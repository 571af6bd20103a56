package io.aegis.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.api.TestClickHouse;
import io.aegis.api.TestNats;
import io.aegis.proto.v1.DefectAlert;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;

/**
 * Hand-over of a resuming subscriber from its catch-up read to the shared live feed. The subscriber requests only a
 * few events at first, so its catch-up is still running when the next alerts are published. Those alerts are then
 * both in the stream and queued as live frames for it, and each must arrive exactly once.
 */
@SpringBootTest
class AlertFeedHandOverTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @Autowired
    AlertFeed feed;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> "0");
        registry.add("aegis.grpc.port", () -> "0");
        registry.add("aegis.clickhouse.url", () -> TestClickHouse.URL);
        registry.add("aegis.clickhouse.database", clickHouse::database);
        registry.add("aegis.nats.url", () -> TestNats.URL);
        registry.add("aegis.nats.stream", nats::stream);
        registry.add("aegis.nats.subject-root", nats::root);
        registry.add("aegis.security.enabled", () -> "false");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    @Test
    void catchUpHandsOverWithoutGapOrDuplicate() throws Exception {
        List<SseFrame> liveFrames = new CopyOnWriteArrayList<>();
        Disposable live = feed.alerts(null, Set.of()).subscribe(liveFrames::add);
        await().atMost(TIMEOUT).until(() -> liveFrames.contains(SseFrame.SUBSCRIBED));
        Collecting resumed = new Collecting();
        try {
            long from = publish("start", "5");
            List<Long> published = new ArrayList<>();
            publishMixed("old-", 100, published);

            feed.alerts(from, Set.of()).subscribe(resumed);
            await().atMost(TIMEOUT).until(() -> resumed.alerts.size() >= 2);
            publishMixed("during-", 50, published);
            // Wait until the live consumer has queued them, then let the catch-up run to its end.
            long lastDuring = published.get(published.size() - 1);
            await().atMost(TIMEOUT).until(() -> liveFrames.stream().anyMatch(f -> f.sequence() == lastDuring));
            resumed.requestUnbounded();
            publishMixed("after-", 20, published);

            long last = published.get(published.size() - 1);
            await().atMost(TIMEOUT).until(() -> resumed.alerts.contains(last));
            assertThat(resumed.alerts).containsExactlyElementsOf(published);
        } finally {
            resumed.dispose();
            live.dispose();
        }
    }

    /** Requests three events (the subscribed comment and two alerts), then all, and keeps the alert sequences. */
    static final class Collecting extends BaseSubscriber<SseFrame> {
        final List<Long> alerts = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            request(3);
        }

        @Override
        protected void hookOnNext(SseFrame frame) {
            if (frame.isAlert()) {
                alerts.add(frame.sequence());
            }
        }
    }

    void publishMixed(String prefix, int count, List<Long> sequences) throws Exception {
        for (int i = 0; i < count; i++) {
            sequences.add(publish(prefix + i, i % 2 == 0 ? "5" : "6"));
            if (i % 10 == 0) {
                nats.connection().jetStream().publish(nats.subjects().telemetry("5"), new byte[] {1});
            }
        }
    }

    long publish(String id, String station) throws Exception {
        DefectAlert alert = DefectAlert.newBuilder()
                .setAlertId(id)
                .setStationId(station)
                .setAnomalyScore(0.95)
                .setTimestamp(1_714_234_567_890L)
                .build();
        Headers headers = new Headers().put("Nats-Msg-Id", id);
        return nats.connection()
                .jetStream()
                .publish(nats.subjects().alerts(station), headers, alert.toByteArray())
                .getSeqno();
    }
}
