package io.aegis.contract;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the JetStream stream that carries every Aegis subject ({@code AEGIS} on {@code aegis.>} in
 * production). Every service calls {@link #ensure} at startup, so whichever starts first creates it.
 */
public final class AegisStream {

    public static final String DEFAULT_NAME = "AEGIS";
    public static final Duration MAX_AGE = Duration.ofHours(24);
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    /** JetStream API error code for "stream name already in use with a different configuration". */
    private static final int STREAM_NAME_IN_USE = 10058;

    private static final int STREAM_NOT_FOUND = 10059;

    private static final Logger log = LoggerFactory.getLogger(AegisStream.class);

    private AegisStream() {}

    /** Returns the configuration every Aegis service expects for stream {@code name} over {@code subjects}. */
    public static StreamConfiguration expectedConfiguration(String name, Subjects subjects) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subjects.all())
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxAge(MAX_AGE)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build();
    }

    /**
     * Creates the stream, or updates it where its settings differ from {@link #expectedConfiguration}.
     *
     * @throws IllegalStateException when the existing stream differs in a setting JetStream cannot update (storage
     *     type or retention policy). The message names each such setting with both values.
     */
    public static StreamInfo ensure(Connection connection, String name, Subjects subjects)
            throws IOException, JetStreamApiException {
        JetStreamManagement management = connection.jetStreamManagement();
        StreamConfiguration expected = expectedConfiguration(name, subjects);
        StreamInfo existing;
        try {
            existing = management.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            return create(management, expected);
        }
        StreamConfiguration actual = existing.getConfiguration();
        List<String> fixed = differencesThatCannotBeUpdated(actual, expected);
        if (!fixed.isEmpty()) {
            throw new IllegalStateException("JetStream stream " + name + " exists with settings that cannot be "
                    + "updated in place: " + String.join("; ", fixed)
                    + ". Back up and delete the stream (nats stream rm " + name
                    + ") or point Aegis at another server.");
        }
        List<String> updatable = differencesThatCanBeUpdated(actual, expected);
        if (updatable.isEmpty()) {
            log.debug("[stream] {} is up to date", name);
            return existing;
        }
        log.info("[stream] updating {}: {}", name, String.join("; ", updatable));
        return management.updateStream(expected);
    }

    private static StreamInfo create(JetStreamManagement management, StreamConfiguration expected)
            throws IOException, JetStreamApiException {
        try {
            StreamInfo created = management.addStream(expected);
            log.info("[stream] created {} on {}", expected.getName(), expected.getSubjects());
            return created;
        } catch (JetStreamApiException e) {
            // Another service created it between our lookup and our create.
            if (e.getApiErrorCode() == STREAM_NAME_IN_USE) {
                return management.getStreamInfo(expected.getName());
            }
            throw e;
        }
    }

    static List<String> differencesThatCannotBeUpdated(StreamConfiguration actual, StreamConfiguration expected) {
        List<String> differences = new ArrayList<>();
        if (actual.getStorageType() != expected.getStorageType()) {
            differences.add(describe("storage", actual.getStorageType(), expected.getStorageType()));
        }
        if (actual.getRetentionPolicy() != expected.getRetentionPolicy()) {
            differences.add(describe("retention", actual.getRetentionPolicy(), expected.getRetentionPolicy()));
        }
        return differences;
    }

    static List<String> differencesThatCanBeUpdated(StreamConfiguration actual, StreamConfiguration expected) {
        List<String> differences = new ArrayList<>();
        if (!new HashSet<>(actual.getSubjects()).containsAll(expected.getSubjects())) {
            differences.add(describe("subjects", actual.getSubjects(), expected.getSubjects()));
        }
        if (!actual.getMaxAge().equals(expected.getMaxAge())) {
            differences.add(describe("max_age", actual.getMaxAge(), expected.getMaxAge()));
        }
        if (!actual.getDuplicateWindow().equals(expected.getDuplicateWindow())) {
            differences.add(describe("duplicate_window", actual.getDuplicateWindow(), expected.getDuplicateWindow()));
        }
        return differences;
    }

    private static String describe(String field, Object actual, Object expected) {
        return field + " is " + actual + ", expected " + expected;
    }
}
