package io.aegis.edge;

import io.aegis.contract.AegisStream;
import io.aegis.contract.Subjects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Connection to NATS and the JetStream stream every Aegis service shares. */
@ConfigurationProperties("aegis.nats")
record NatsProperties(
        @DefaultValue("nats://127.0.0.1:4222") String url,
        String user,
        String password,
        @DefaultValue(AegisStream.DEFAULT_NAME) String stream,
        @DefaultValue("aegis") String subjectRoot) {

    Subjects subjects() {
        return new Subjects(subjectRoot);
    }
}
