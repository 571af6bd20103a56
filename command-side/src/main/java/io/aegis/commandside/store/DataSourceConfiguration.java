package io.aegis.commandside.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aegis.commandside.PostgresProperties;
import io.aegis.commandside.StartupCheckException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connection pool for PostgreSQL, checked once before Flyway and Axon use it. */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(PostgresProperties postgres, EventStoreProperties eventStore) {
        requireReachable(postgres);
        HikariConfig config = new HikariConfig();
        config.setPoolName("command-side");
        config.setJdbcUrl(postgres.url());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(postgres.maxPoolSize());
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        long limitMs = eventStore.transactionLimit().toMillis();
        config.setConnectionInitSql(
                "SET idle_in_transaction_session_timeout = " + limitMs + "; SET statement_timeout = " + limitMs);
        return new HikariDataSource(config);
    }

    /**
     * Opens and closes one connection, so a wrong URL, a missing database or a stopped server stops the service
     * with a message naming the URL instead of a pool or migration error further down.
     */
    static void requireReachable(PostgresProperties postgres) {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        properties.setProperty("password", postgres.password() == null ? "" : postgres.password());
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        try (Connection ignored = DriverManager.getConnection(postgres.url(), properties)) {
            // reachable
        } catch (SQLException e) {
            throw new StartupCheckException(
                    "cannot connect to PostgreSQL at " + postgres.url() + " (AEGIS_POSTGRES_URL) as user '"
                            + postgres.user() + "': " + e.getMessage(),
                    "Start PostgreSQL, create the database or correct aegis.postgres.url (AEGIS_POSTGRES_URL).",
                    e);
        }
    }
}
