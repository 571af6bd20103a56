package io.aegis.commandside;

import io.aegis.contract.Subjects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** NATS server, JetStream stream and subject root shared by every Aegis service. */
@ConfigurationProperties("aegis.nats")
public record NatsProperties(String url, String user, String password, String stream, String subjectRoot) {

    public Subjects subjects() {
        return new Subjects(subjectRoot);
    }
}
