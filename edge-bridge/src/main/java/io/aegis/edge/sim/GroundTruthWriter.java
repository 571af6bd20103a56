package io.aegis.edge.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a run's ground truth as JSON lines: {@code <dir>/<run id>/occupancy.jsonl}, {@code faults.jsonl} and
 * {@code defects.jsonl}, plus {@code run.json} with the settings. Each line is flushed as it is written, so a reader
 * can follow a live run.
 */
public final class GroundTruthWriter implements AutoCloseable {

    private final Path directory;
    private final ObjectMapper json = Json.mapper();
    private final Map<String, BufferedWriter> writers = new HashMap<>();

    public GroundTruthWriter(Path root, String runId, Map<String, Object> run) {
        this.directory = root.resolve(runId);
        try {
            Files.createDirectories(directory);
            json.writerWithDefaultPrettyPrinter()
                    .writeValue(directory.resolve("run.json").toFile(), run);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not create the ground-truth directory " + directory + " (aegis.simulator.ground-truth-dir)",
                    e);
        }
    }

    public Path directory() {
        return directory;
    }

    public synchronized void write(GroundTruthRecord record) {
        try {
            BufferedWriter writer = writers.get(record.file());
            if (writer == null) {
                writer = Files.newBufferedWriter(directory.resolve(record.file() + ".jsonl"), StandardCharsets.UTF_8);
                writers.put(record.file(), writer);
            }
            writer.write(json.writeValueAsString(record.fields()));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write ground truth to " + directory, e);
        }
    }

    @Override
    public synchronized void close() {
        for (BufferedWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not close ground truth in " + directory, e);
            }
        }
        writers.clear();
    }
}
