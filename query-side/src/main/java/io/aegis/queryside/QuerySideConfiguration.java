package io.aegis.queryside;

import io.aegis.queryside.clickhouse.ClickHouseAvailability;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.context.MesContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QuerySideConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    ClickHouseGateway clickHouseGateway(ClickHouseProperties properties) {
        return new ClickHouseGateway(properties);
    }

    @Bean
    ClickHouseAvailability clickHouseAvailability(QuerySideProperties properties) {
        return new ClickHouseAvailability(properties.maxRetryBackoff());
    }

    @Bean
    MesContext mesContext(QuerySideProperties properties) {
        return new MesContext(properties.contextRetention());
    }

    @Bean
    QueryMetrics queryMetrics(MeterRegistry registry) {
        return new QueryMetrics(registry);
    }

    @Bean
    QuerySideRuntime querySideRuntime(
            NatsProperties nats,
            QuerySideProperties properties,
            ClickHouseGateway clickHouse,
            ClickHouseAvailability availability,
            MesContext context,
            QueryMetrics metrics,
            Clock clock) {
        return new QuerySideRuntime(nats, properties, clickHouse, availability, context, metrics, clock);
    }

    @Bean
    QuerySideHealth querySideHealth(QuerySideRuntime runtime, ClickHouseAvailability availability) {
        return new QuerySideHealth(runtime, availability);
    }
}
