package io.aegis.edge.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Imports Rexroth channel files dropped into {@code aegis.files.watch-dir}. A file is read once it has not changed for
 * the settle time; after JetStream has stored it, it moves to {@code imported/}. An invalid file moves to
 * {@code rejected/} with the reason in {@code <name>.error.txt}. A file that could not be stored stays and is tried
 * again on the next poll.
 */
@Component
class FolderWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

    private final FileImportProperties properties;
    private final RexrothImporter importer;
    private volatile boolean running;
    private Thread thread;

    FolderWatcher(FileImportProperties properties, RexrothImporter importer) {
        this.properties = properties;
        this.importer = importer;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (properties.watchDir() == null || properties.watchDir().isBlank()) {
            return;
        }
        Path directory = Path.of(properties.watchDir());
        thread = new Thread(() -> watch(directory), "rexroth-folder-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info(
                "[files] watching {} for Rexroth channel files (station {}, zone {})",
                directory.toAbsolutePath(),
                properties.stationId(),
                properties.zone());
    }

    private void watch(Path directory) {
        while (running) {
            try {
                Files.createDirectories(directory);
                for (Path file : settledFiles(directory)) {
                    if (!running) {
                        return;
                    }
                    importOne(directory, file);
                }
                Thread.sleep(properties.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                log.warn(
                        "[files] could not list {} ({}); trying again in {}",
                        directory,
                        e.toString(),
                        properties.pollInterval());
                sleepQuietly();
            }
        }
    }

    private List<Path> settledFiles(Path directory) throws IOException {
        long settledBefore =
                System.currentTimeMillis() - properties.settleTime().toMillis();
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> lastModified(p) < settledBefore)
                    .sorted()
                    .toList();
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private void importOne(Path directory, Path file) throws InterruptedException {
        try {
            RexrothImporter.Imported imported = importer.importFile(Files.readAllBytes(file), null);
            move(file, directory.resolve("imported"));
            log.info(
                    "[files] {} stored as tightening {} for station {} ({} samples)",
                    file.getFileName(),
                    imported.tighteningId(),
                    imported.stationId(),
                    imported.samples());
        } catch (InvalidFileException e) {
            log.warn("[files] {} rejected: {}; moved to rejected/", file.getFileName(), e.getMessage());
            reject(directory, file, e.getMessage());
        } catch (TimeoutException | ExecutionException | IOException e) {
            log.warn("[files] {} not imported ({}); trying again on the next poll", file.getFileName(), e.toString());
        }
    }

    private void reject(Path directory, Path file, String reason) {
        try {
            Path rejected = directory.resolve("rejected");
            move(file, rejected);
            Files.writeString(
                    rejected.resolve(file.getFileName() + ".error.txt"), reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.error("[files] could not move rejected file {} out of the watched folder", file, e);
        }
    }

    private static void move(Path file, Path target) throws IOException {
        Files.createDirectories(target);
        Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
