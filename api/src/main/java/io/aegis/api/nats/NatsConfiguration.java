package io.aegis.api.nats;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NatsConfiguration {

    /** Connects and makes sure the stream exists, so the alert stream and ingest work on a fresh server. */
    @Bean(destroyMethod = "close")
    Connection natsConnection(NatsProperties properties)
            throws IOException, InterruptedException, JetStreamApiException {
        Connection connection =
                NatsConnector.connect(properties.url(), properties.user(), properties.password(), "aegis-api");
        AegisStream.ensure(connection, properties.stream(), properties.subjects());
        return connection;
    }
}
