package io.aegis.commandside;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** PostgreSQL holding the event store, the token store and the command-side tables. */
@ConfigurationProperties("aegis.postgres")
public record PostgresProperties(String url, String user, String password, int maxPoolSize) {}
