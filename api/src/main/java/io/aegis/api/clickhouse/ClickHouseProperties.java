package io.aegis.api.clickhouse;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ClickHouse server that query-side fills.
 *
 * @param queryTimeout maximum run time of one read; ClickHouse stops the query and the caller gets a timeout error
 */
@ConfigurationProperties("aegis.clickhouse")
public record ClickHouseProperties(
        @DefaultValue("http://127.0.0.1:8123") String url,
        @DefaultValue("default") String user,
        @DefaultValue("") String password,
        @DefaultValue("aegis") String database,
        @DefaultValue("10s") Duration queryTimeout) {

    @Override
    public String toString() {
        return "ClickHouseProperties[url=" + url + ", user=" + user + ", database=" + database + ", queryTimeout="
                + queryTimeout + "]";
    }
}
