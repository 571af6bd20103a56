package io.aegis.commandside;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NatsConfiguration {

    /** Connects to NATS and creates or updates the Aegis stream before anything publishes to it. */
    @Bean(destroyMethod = "close")
    Connection natsConnection(NatsProperties nats) throws IOException, InterruptedException, JetStreamApiException {
        Connection connection = NatsConnector.connect(nats.url(), nats.user(), nats.password(), "command-side");
        try {
            AegisStream.ensure(connection, nats.stream(), nats.subjects());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Bean
    JetStream jetStream(Connection natsConnection) throws IOException {
        return natsConnection.jetStream();
    }

    /** Clock for receive and record times; UTC epoch milliseconds do not depend on its zone. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
