package io.aegis.queryside;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** ClickHouse connection settings shared by every Aegis service ({@code aegis.clickhouse.*}). */
@ConfigurationProperties("aegis.clickhouse")
public record ClickHouseProperties(
        @DefaultValue("http://127.0.0.1:8123") String url,
        @DefaultValue("default") String user,
        @DefaultValue("") String password,
        @DefaultValue("aegis") String database,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration socketTimeout) {

    public ClickHouseProperties {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("aegis.clickhouse.database '" + database
                    + "' is invalid: use letters, digits and '_', starting with a letter or '_'");
        }
    }

    @Override
    public String toString() {
        return "ClickHouseProperties[url=" + url + ", user=" + user + ", database=" + database + "]";
    }
}
