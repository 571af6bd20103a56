package io.aegis.commandside.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.commandside.PostgresProperties;
import io.aegis.commandside.StartupCheckException;
import org.junit.jupiter.api.Test;

class DataSourceConfigurationTest {

    @Test
    void missingDatabaseNamesUrl() {
        String url = "jdbc:postgresql://127.0.0.1:5432/aegis_test_missing_database";

        assertThatThrownBy(
                        () -> DataSourceConfiguration.requireReachable(new PostgresProperties(url, "postgres", "", 1)))
                .isInstanceOf(StartupCheckException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("does not exist");
    }
}
