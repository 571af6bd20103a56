package io.aegis.scorer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Connection to the NATS server and the JetStream stream that carries every Aegis subject. */
@ConfigurationProperties("aegis.nats")
record NatsProperties(
        @DefaultValue("nats://127.0.0.1:4222") String url,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("AEGIS") String stream,
        @DefaultValue("aegis") String subjectRoot) {}
