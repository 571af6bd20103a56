package io.aegis.scorer;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the newest valid ONNX model of a folder and swaps in newer ones while scoring goes on.
 *
 * <p>The folder is checked at start and then on an interval. The newest {@code *.onnx} file (by modification time;
 * names starting with a dot are temporary files and skipped) is loaded, validated and warmed up by
 * {@link OnnxScorer#load}, then swapped in atomically. The model it replaces is closed once the last lease handed
 * out before the swap is closed. A file that fails to load is logged once and remembered, and the current model
 * keeps serving. Until a first model loads, the z-score baseline serves, so the line is scored from the start.
 */
final class OnnxModelSource implements ModelSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxModelSource.class);

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final Path directory;
    private final FeatureSpec spec;
    private final int intraOpThreads;
    private final ScorerMetrics metrics;
    private final AtomicReference<Served> current;
    private final AnomalyScorer fallback;
    private ScheduledExecutorService poller;
    private FileVersion lastSeen;

    /** A file identity that changes when the file is replaced. */
    private record FileVersion(Path path, FileTime modified, long size) {}

    OnnxModelSource(
            Path directory, FeatureSpec spec, int intraOpThreads, AnomalyScorer fallback, ScorerMetrics metrics) {
        this.directory = directory;
        this.spec = spec;
        this.intraOpThreads = intraOpThreads;
        this.metrics = metrics;
        this.fallback = fallback;
        this.current = new AtomicReference<>(new Served(fallback, null));
    }

    /** Loads the newest model now and then checks the folder every {@code interval}. */
    void start(java.time.Duration interval) {
        check();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scorer-model-poller");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        poller.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
        log.info("[models] watching {} every {}", directory.toAbsolutePath(), interval);
    }

    @Override
    public ScorerLease acquire() {
        while (true) {
            Served served = current.get();
            if (served.retain()) {
                return new Lease(served);
            }
            // The model was swapped out and released between get() and retain(); the next get() returns its successor.
        }
    }

    /** Checks the folder once and swaps in a newer model if one is there and valid. */
    synchronized void check() {
        Optional<FileVersion> newest;
        try {
            newest = newest();
        } catch (IOException e) {
            log.warn("[models] listing {} failed, the current model keeps serving: {}", directory, e.toString());
            return;
        }
        // NOTE: only the newest file is tried, so a rejected newest file leaves older valid files unused.
        if (newest.isEmpty() || newest.get().equals(lastSeen)) {
            return;
        }
        lastSeen = newest.get();
        Path file = newest.get().path();
        try {
            OnnxScorer loaded = OnnxScorer.load(environment, file, spec, intraOpThreads);
            swap(new Served(loaded, loaded));
            metrics.modelSwaps.increment();
            log.info("[models] serving {} {} from {}", loaded.modelName(), loaded.modelVersion(), file);
        } catch (ModelRejectedException e) {
            metrics.modelsRejected.increment();
            log.warn(
                    "[models] rejected a model: {}; {} {} keeps serving",
                    e.getMessage(),
                    current.get().scorer.modelName(),
                    current.get().scorer.modelVersion());
        }
    }

    private void swap(Served next) {
        Served previous = current.getAndSet(next);
        previous.release();
    }

    private Optional<FileVersion> newest() throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> {
                        String name = path.getFileName().toString();
                        return name.endsWith(".onnx") && !name.startsWith(".") && Files.isRegularFile(path);
                    })
                    .map(OnnxModelSource::version)
                    .flatMap(Optional::stream)
                    .max(Comparator.comparing(FileVersion::modified)
                            .thenComparing(
                                    version -> version.path().getFileName().toString()));
        }
    }

    private static Optional<FileVersion> version(Path path) {
        try {
            return Optional.of(new FileVersion(path, Files.getLastModifiedTime(path), Files.size(path)));
        } catch (IOException e) {
            // The file vanished between listing and reading its attributes.
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        swap(new Served(fallback, null));
    }

    /** One use of a served model; closing it more than once releases the model only once. */
    private static final class Lease implements ScorerLease {
        private final Served served;
        private final AtomicBoolean closed = new AtomicBoolean();

        Lease(Served served) {
            this.served = served;
        }

        @Override
        public AnomalyScorer scorer() {
            return served.scorer;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                served.release();
            }
        }
    }

    /**
     * A served model with a reference count: one reference for being current, one per open lease. The ONNX session
     * closes when the count reaches zero, which happens only after the model stopped being current.
     */
    private static final class Served {
        private final AnomalyScorer scorer;
        private final AutoCloseable resource;
        private final AtomicInteger references = new AtomicInteger(1);

        Served(AnomalyScorer scorer, AutoCloseable resource) {
            this.scorer = scorer;
            this.resource = resource;
        }

        boolean retain() {
            while (true) {
                int count = references.get();
                if (count == 0) {
                    return false;
                }
                if (references.compareAndSet(count, count + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (references.decrementAndGet() == 0 && resource != null) {
                try {
                    resource.close();
                    log.info("[models] closed {} {}", scorer.modelName(), scorer.modelVersion());
                } catch (Exception e) {
                    log.warn("[models] closing {} {} failed: {}", scorer.modelName(), scorer.modelVersion(), e, e);
                }
            }
        }
    }
}
