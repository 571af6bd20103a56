package io.aegis.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against the real NATS server at AEGIS_NATS_URL (default nats://127.0.0.1:4222), with fresh names. */
class AegisStreamIntegrationTest {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String streamName = "T_STREAM_" + suffix;
    private final Subjects subjects = new Subjects("t" + suffix);
    private Connection connection;
    private JetStreamManagement management;

    @BeforeEach
    void connect() throws Exception {
        String url = System.getenv().getOrDefault("AEGIS_NATS_URL", "nats://127.0.0.1:4222");
        connection = NatsConnector.connect(
                url, System.getenv("AEGIS_NATS_USER"), System.getenv("AEGIS_NATS_PASSWORD"), "aegis-stream-test");
        management = connection.jetStreamManagement();
    }

    @AfterEach
    void deleteStream() throws Exception {
        try {
            management.deleteStream(streamName);
        } finally {
            connection.close();
        }
    }

    @Test
    void createsStreamWithExpectedSettings() throws Exception {
        StreamInfo info = AegisStream.ensure(connection, streamName, subjects);

        StreamConfiguration config = info.getConfiguration();
        assertThat(config.getSubjects()).containsExactly(subjects.all());
        assertThat(config.getStorageType()).isEqualTo(StorageType.File);
        assertThat(config.getMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void secondCallLeavesStreamUnchanged() throws Exception {
        StreamInfo first = AegisStream.ensure(connection, streamName, subjects);
        StreamInfo second = AegisStream.ensure(connection, streamName, subjects);

        assertThat(second.getCreateTime()).isEqualTo(first.getCreateTime());
        assertThat(second.getConfiguration().getMaxAge())
                .isEqualTo(first.getConfiguration().getMaxAge());
    }

    @Test
    void updatesMaxAgeAndDuplicateWindow() throws Exception {
        management.addStream(StreamConfiguration.builder(AegisStream.expectedConfiguration(streamName, subjects))
                .maxAge(Duration.ofHours(1))
                .duplicateWindow(Duration.ofSeconds(30))
                .build());

        StreamConfiguration updated =
                AegisStream.ensure(connection, streamName, subjects).getConfiguration();

        assertThat(updated.getMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(updated.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void storageTypeDifferenceStopsWithBothValues() throws Exception {
        management.addStream(StreamConfiguration.builder(AegisStream.expectedConfiguration(streamName, subjects))
                .storageType(StorageType.Memory)
                .build());

        assertThatThrownBy(() -> AegisStream.ensure(connection, streamName, subjects))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storage is memory, expected file")
                .hasMessageContaining(streamName);
    }
}
