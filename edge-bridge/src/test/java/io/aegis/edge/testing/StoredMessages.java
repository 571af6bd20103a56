package io.aegis.edge.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads what a JetStream stream stored, for assertions. */
public final class StoredMessages {

    private StoredMessages() {}

    /** Returns every message of {@code stream} on {@code subject}, oldest first, read by a temporary pull consumer. */
    public static List<Message> readAll(Connection nats, String stream, String subject) throws Exception {
        PullSubscribeOptions options = PullSubscribeOptions.builder().stream(stream)
                .configuration(ConsumerConfiguration.builder()
                        .deliverPolicy(DeliverPolicy.All)
                        .filterSubject(subject)
                        .build())
                .build();
        JetStreamSubscription subscription = nats.jetStream().subscribe(subject, options);
        List<Message> messages = new ArrayList<>();
        while (true) {
            List<Message> fetched = subscription.fetch(500, Duration.ofMillis(500));
            if (fetched.isEmpty()) {
                break;
            }
            fetched.forEach(Message::ack);
            messages.addAll(fetched);
        }
        subscription.unsubscribe();
        return messages;
    }
}
