package io.aegis.api.nats;

import io.aegis.contract.AegisStream;
import io.aegis.contract.Subjects;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * NATS connection of the gateway.
 *
 * @param requestTimeout how long a work-order command waits for the command side's reply before the caller gets 503
 */
@ConfigurationProperties("aegis.nats")
public record NatsProperties(
        @DefaultValue("nats://127.0.0.1:4222") String url,
        String user,
        String password,
        @DefaultValue(AegisStream.DEFAULT_NAME) String stream,
        @DefaultValue("aegis") String subjectRoot,
        @DefaultValue("5s") Duration requestTimeout) {

    public Subjects subjects() {
        return new Subjects(subjectRoot);
    }

    @Override
    public String toString() {
        return "NatsProperties[url=" + url + ", user=" + user + ", stream=" + stream + ", subjectRoot=" + subjectRoot
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
