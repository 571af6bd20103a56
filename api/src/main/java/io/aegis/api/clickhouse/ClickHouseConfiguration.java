package io.aegis.api.clickhouse;

import com.clickhouse.client.api.Client;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClickHouseConfiguration {

    /** Compression is off: client-v2 0.9.6 cannot read the compressed responses of ClickHouse 18.16. */
    @Bean(destroyMethod = "close")
    Client clickHouseClient(ClickHouseProperties properties) {
        return new Client.Builder()
                .addEndpoint(properties.url())
                .setUsername(properties.user())
                .setPassword(properties.password() == null ? "" : properties.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .useHttpCompression(false)
                .build();
    }
}
