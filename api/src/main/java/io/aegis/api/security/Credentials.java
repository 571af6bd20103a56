package io.aegis.api.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * API keys and the development JWT key, read from the credentials file. Keys are kept only as SHA-256 digests, so a
 * heap dump or a log line never shows one, and lookups compare digests.
 */
final class Credentials {

    private static final String API_KEY_PREFIX = "api-key.";
    private static final String HMAC_SECRET = "jwt.hmac-secret";

    /** A caller identified by an API key: its role and the key's label (the role when the key has none). */
    record KeyOwner(Role role, String label) {}

    private final Map<String, KeyOwner> ownersByDigest;
    private final byte[] hmacSecret;

    private Credentials(Map<String, KeyOwner> ownersByDigest, byte[] hmacSecret) {
        this.ownersByDigest = ownersByDigest;
        this.hmacSecret = hmacSecret;
    }

    static Credentials empty() {
        return new Credentials(Map.of(), null);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalStateException naming the file and the line's key (never its value) when the file is unreadable
     *     or names an unknown role
     */
    static Credentials load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the credentials file " + file + " (aegis.security.credentials-file): " + e, e);
        }
        Map<String, KeyOwner> owners = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(API_KEY_PREFIX)) {
                continue;
            }
            String[] parts = name.substring(API_KEY_PREFIX.length()).split("\\.", 2);
            Role role = Role.parse(parts[0])
                    .orElseThrow(() -> new IllegalStateException("credentials file " + file + ": " + name
                            + " names an unknown role; use one of " + Role.ALL));
            String key = properties.getProperty(name).trim();
            if (key.length() < 16) {
                throw new IllegalStateException("credentials file " + file + ": the key of " + name
                        + " is shorter than 16 characters; generate a longer random key");
            }
            owners.put(digest(key), new KeyOwner(role, parts.length > 1 ? parts[1] : role.label()));
        }
        String secret = properties.getProperty(HMAC_SECRET);
        return new Credentials(
                Map.copyOf(owners), secret == null ? null : decodeSecret(secret.trim(), file.toString()));
    }

    Optional<KeyOwner> ownerOf(String apiKey) {
        return Optional.ofNullable(ownersByDigest.get(digest(apiKey)));
    }

    int keyCount() {
        return ownersByDigest.size();
    }

    Optional<byte[]> hmacSecret() {
        return Optional.ofNullable(hmacSecret);
    }

    /** Decodes a base64 HMAC key and checks that it has the 256 bits HS256 requires. */
    static byte[] decodeSecret(String base64, String source) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the JWT HMAC secret from " + source + " is not valid base64", e);
        }
        if (secret.length < 32) {
            throw new IllegalStateException(
                    "the JWT HMAC secret from " + source + " has " + secret.length + " bytes; HS256 needs at least 32");
        }
        return secret;
    }

    private static String digest(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
