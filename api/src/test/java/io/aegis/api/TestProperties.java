package io.aegis.api;

import io.aegis.api.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring test context at a fresh ClickHouse database and NATS stream, with random ports, and writes a
 * credentials file with one API key per role and an HMAC key for test JWTs.
 */
final class TestProperties {

    static final Map<Role, String> API_KEYS = new EnumMap<>(Role.class);
    static final byte[] HMAC_SECRET = new byte[32];
    static final Path CREDENTIALS_FILE;

    static {
        SecureRandom random = new SecureRandom();
        random.nextBytes(HMAC_SECRET);
        StringBuilder file = new StringBuilder("# test credentials\n");
        for (Role role : Role.values()) {
            byte[] key = new byte[18];
            random.nextBytes(key);
            API_KEYS.put(
                    role, "test-" + role.label() + "-" + Base64.getUrlEncoder().encodeToString(key));
            file.append("api-key.")
                    .append(role.label())
                    .append('=')
                    .append(API_KEYS.get(role))
                    .append('\n');
        }
        file.append("jwt.hmac-secret=")
                .append(Base64.getEncoder().encodeToString(HMAC_SECRET))
                .append('\n');
        try {
            CREDENTIALS_FILE = Files.createTempFile("aegis-credentials", ".properties");
            Files.writeString(CREDENTIALS_FILE, file);
            CREDENTIALS_FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestProperties() {}

    static void register(DynamicPropertyRegistry registry, TestClickHouse clickHouse, TestNats nats) {
        registry.add("server.port", () -> "0");
        registry.add("aegis.grpc.port", () -> "0");
        registry.add("aegis.clickhouse.url", () -> TestClickHouse.URL);
        registry.add("aegis.clickhouse.database", clickHouse::database);
        registry.add("aegis.nats.url", () -> TestNats.URL);
        registry.add("aegis.nats.stream", nats::stream);
        registry.add("aegis.nats.subject-root", nats::root);
        registry.add("aegis.security.credentials-file", CREDENTIALS_FILE::toString);
    }

    static String key(Role role) {
        return API_KEYS.get(role);
    }
}
