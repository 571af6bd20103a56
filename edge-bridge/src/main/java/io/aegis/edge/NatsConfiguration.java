package io.aegis.edge;

import io.aegis.contract.AegisStream;
import io.aegis.contract.NatsConnector;
import io.aegis.contract.Subjects;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NatsConfiguration {

    @Bean
    Subjects subjects(NatsProperties properties) {
        return properties.subjects();
    }

    @Bean(destroyMethod = "close")
    Connection natsConnection(NatsProperties properties, Subjects subjects)
            throws IOException, InterruptedException, JetStreamApiException {
        Connection connection =
                NatsConnector.connect(properties.url(), properties.user(), properties.password(), "aegis-edge-bridge");
        AegisStream.ensure(connection, properties.stream(), subjects);
        return connection;
    }
}
