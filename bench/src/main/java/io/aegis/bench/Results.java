package io.aegis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends one JSON line per measured run to the results file that {@link Report} reads. */
public final class Results {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public Results(Path file) {
        this.file = file;
    }

    /** Starts a record for run {@code run} of measure {@code id}; {@code side} is "aegis" or "baseline". */
    public ObjectNode record(String id, String side, int run, double value, String unit) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("side", side);
        node.put("run", run);
        node.put("value", value);
        node.put("unit", unit);
        return node;
    }

    /** Appends a record; run 0 is a warm-up, printed but not kept. */
    public synchronized void write(ObjectNode node) {
        if (node.path("run").asInt() == 0) {
            System.out.println("  warm-up " + node);
            return;
        }
        try {
            Files.writeString(
                    file,
                    JSON.writeValueAsString(node) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the results file " + file, e);
        }
        System.out.println("  result " + node);
    }

    public void write(String id, String side, int run, double value, String unit) {
        write(record(id, side, run, value, unit));
    }
}
