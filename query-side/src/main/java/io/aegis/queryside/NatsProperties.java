package io.aegis.queryside;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** NATS connection settings shared by every Aegis service ({@code aegis.nats.*}). */
@ConfigurationProperties("aegis.nats")
public record NatsProperties(
        @DefaultValue("nats://127.0.0.1:4222") String url,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("AEGIS") String stream,
        @DefaultValue("aegis") String subjectRoot) {

    @Override
    public String toString() {
        return "NatsProperties[url=" + url + ", user=" + user + ", stream=" + stream + ", subjectRoot=" + subjectRoot
                + "]";
    }
}
