package io.aegis.api.grpc;

import io.aegis.api.nats.NatsProperties;
import io.aegis.contract.SampleValidator;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.IngestRequest;
import io.aegis.proto.v1.IngestResponse;
import io.aegis.proto.v1.SampleRejection;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TelemetryIngestGrpc;
import io.aegis.proto.v1.TorqueSample;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Batch telemetry ingest for edge gateways. Each sample is checked with {@link SampleValidator}; accepted samples are
 * published to JetStream as one TelemetryBatch per station, with the batch's stable message id so a retried request
 * is dropped by the stream's duplicate window. The response is sent only after JetStream acknowledged every batch.
 */
@Component
class TelemetryIngestService extends TelemetryIngestGrpc.TelemetryIngestImplBase {

    static final int MAX_SAMPLES = 1_000;

    private static final Logger log = LoggerFactory.getLogger(TelemetryIngestService.class);

    private final JetStream jetStream;
    private final NatsProperties properties;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter duplicates;

    TelemetryIngestService(Connection connection, NatsProperties properties, MeterRegistry registry)
            throws IOException {
        this.jetStream = connection.jetStream();
        this.properties = properties;
        this.accepted = registry.counter("aegis.api.ingest.samples", "outcome", "accepted");
        this.rejected = registry.counter("aegis.api.ingest.samples", "outcome", "rejected");
        this.duplicates = registry.counter("aegis.api.ingest.samples", "outcome", "duplicate");
    }

    @Override
    public void ingest(IngestRequest request, StreamObserver<IngestResponse> responseObserver) {
        if (request.getSamplesCount() > MAX_SAMPLES) {
            responseObserver.onError(Status.INVALID_ARGUMENT
                    .withDescription("samples has " + request.getSamplesCount() + " entries: at most " + MAX_SAMPLES
                            + " per request; split the batch")
                    .asRuntimeException());
            return;
        }
        IngestResponse.Builder response = IngestResponse.newBuilder();
        Map<String, TelemetryBatch.Builder> batches = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int duplicatesInRequest = 0;
        for (int index = 0; index < request.getSamplesCount(); index++) {
            TorqueSample sample = request.getSamples(index);
            Optional<SampleValidator.Violation> violation = SampleValidator.check(sample);
            if (violation.isPresent()) {
                response.addRejections(SampleRejection.newBuilder()
                        .setIndex(index)
                        .setField(violation.get().field())
                        .setValue(violation.get().value())
                        .setRule(violation.get().rule()));
                continue;
            }
            if (!seen.add(sample.getStationId() + ":" + TelemetryCodec.sampleKey(sample))) {
                duplicatesInRequest++;
                continue;
            }
            TorqueSample stored = sample.getSource().isEmpty()
                    ? sample.toBuilder().setSource("grpc").build()
                    : sample;
            batches.computeIfAbsent(
                            sample.getStationId(),
                            station -> TelemetryBatch.newBuilder().setStationId(station))
                    .addSamples(stored);
        }
        List<TelemetryBatch> built =
                batches.values().stream().map(TelemetryBatch.Builder::build).toList();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (TelemetryBatch batch : built) {
            PublishOptions options = PublishOptions.builder().stream(properties.stream())
                    .messageId(TelemetryCodec.messageId(batch))
                    .build();
            acks.add(jetStream.publishAsync(
                    properties.subjects().telemetry(batch.getStationId()),
                    TelemetryCodec.headers(),
                    TelemetryCodec.encode(batch),
                    options));
        }
        int duplicatesFromStream = duplicatesInRequest;
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn(
                        "[ingest] publishing {} batches failed, the client gets UNAVAILABLE and retries: {}",
                        built.size(),
                        error.toString());
                responseObserver.onError(Status.UNAVAILABLE
                        .withDescription("JetStream did not acknowledge the samples (" + error.getMessage()
                                + "); retry the same request, duplicates are dropped")
                        .asRuntimeException());
                return;
            }
            int accepted = 0;
            int duplicate = duplicatesFromStream;
            for (int i = 0; i < built.size(); i++) {
                int count = built.get(i).getSamplesCount();
                if (acks.get(i).join().isDuplicate()) {
                    duplicate += count;
                } else {
                    accepted += count;
                }
            }
            record(accepted, response.getRejectionsCount(), duplicate);
            responseObserver.onNext(
                    response.setAccepted(accepted).setDuplicates(duplicate).build());
            responseObserver.onCompleted();
        });
    }

    private void record(int acceptedCount, int rejectedCount, int duplicateCount) {
        accepted.increment(acceptedCount);
        rejected.increment(rejectedCount);
        duplicates.increment(duplicateCount);
    }
}
