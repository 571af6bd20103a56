package io.aegis.edge.files;

import io.aegis.contract.SampleValidator;
import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.edge.publish.TighteningMessages;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Imports one Rexroth channel file: publishes its samples (in batches) and its result, and returns only when
 * JetStream has stored all of them. A caller that gets a summary back can therefore delete the file.
 */
@Component
class RexrothImporter {

    /** Samples per telemetry message; a Rexroth run has a few hundred to a few thousand points. */
    static final int BATCH_SIZE = 500;

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    private final Subjects subjects;
    private final JetStreamPublisher publisher;
    private final FileImportProperties properties;
    private final MeterRegistry registry;

    RexrothImporter(
            Subjects subjects, JetStreamPublisher publisher, FileImportProperties properties, MeterRegistry registry) {
        this.subjects = subjects;
        this.publisher = publisher;
        this.properties = properties;
        this.registry = registry;
    }

    /** Summary of an imported file. */
    record Imported(
            String stationId, String tighteningId, boolean ok, int samples, long firstTimestamp, long lastTimestamp) {}

    /**
     * Imports a file for {@code stationId}, or for the configured station when it is null.
     *
     * @throws InvalidFileException when the file or the station id is invalid; nothing is published then
     * @throws TimeoutException when JetStream has not stored everything within 30 s; the import may be repeated,
     *     because every message id is derived from the file
     */
    Imported importFile(byte[] content, String stationId)
            throws InterruptedException, TimeoutException, ExecutionException {
        String station = stationId == null || stationId.isBlank() ? properties.stationId() : stationId;
        if (!Subjects.isToken(station)) {
            throw new InvalidFileException("station", station, "must be 1 to 64 letters, digits, '-' or '_'");
        }
        RexrothChannelFile.Tightening tightening = RexrothChannelFile.parse(content, station, properties.zone());
        for (TorqueSample sample : tightening.samples()) {
            SampleValidator.check(sample).ifPresent(violation -> {
                throw new InvalidFileException(violation.field(), violation.value(), violation.rule());
            });
        }
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        List<TorqueSample> samples = tightening.samples();
        for (int from = 0; from < samples.size(); from += BATCH_SIZE) {
            TelemetryBatch batch = TelemetryBatch.newBuilder()
                    .setStationId(station)
                    .addAllSamples(samples.subList(from, Math.min(samples.size(), from + BATCH_SIZE)))
                    .build();
            stored.add(publisher.publish(new OutboundMessage(
                    subjects.telemetry(station),
                    TelemetryCodec.headers(),
                    TelemetryCodec.encode(batch),
                    TelemetryCodec.messageId(batch),
                    batch.getSamplesCount())));
        }
        stored.add(publisher.publish(TighteningMessages.outbound(subjects, tightening.result())));
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
                .get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        registry.counter("aegis.edge.files.imported", "station", station).increment();
        return new Imported(
                station,
                tightening.result().getTighteningId(),
                tightening.result().getOk(),
                samples.size(),
                samples.get(0).getTimestamp(),
                samples.get(samples.size() - 1).getTimestamp());
    }
}
