package io.aegis.edge.sim;

import io.aegis.proto.v1.TelemetryBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge gateway of one station, between its PLC and the uplink. It passes batches on unchanged unless one of its
 * station-level faults is active. During an outage it buffers them and flushes them in order afterwards. With
 * duplicates it sends the last sample of the previous batch again at the head of every fifth batch, so the copy
 * travels under another message id. With reordering it swaps consecutive batches.
 */
final class Gateway {

    private static final int DUPLICATE_EVERY = 5;

    private final Plant plant;
    private final int position;
    private final List<TelemetryBatch> buffered = new ArrayList<>();
    private TelemetryBatch deferred;
    private io.aegis.proto.v1.TorqueSample lastSent;
    private long batches;

    Gateway(Plant plant, int position) {
        this.plant = plant;
        this.position = position;
    }

    /** Forwards the batch generated in the window starting at {@code windowStart} (true time). */
    void forward(TelemetryBatch batch, long windowStart, SimulationSink sink) throws InterruptedException {
        StationFault fault = plant.stationFaultAt(position, windowStart);
        StationFault.Kind kind = fault == null ? null : fault.kind();
        if (kind == StationFault.Kind.GATEWAY_OUTAGE) {
            buffered.add(batch);
            return;
        }
        sendBuffered(sink);
        batches++;
        if (kind == StationFault.Kind.REORDERING && deferred == null) {
            deferred = batch;
            return;
        }
        if (kind == StationFault.Kind.DUPLICATES && batches % DUPLICATE_EVERY == 0 && lastSent != null) {
            batch = TelemetryBatch.newBuilder()
                    .setStationId(batch.getStationId())
                    .addSamples(lastSent)
                    .addAllSamples(batch.getSamplesList())
                    .build();
        }
        send(batch, sink);
        if (deferred != null) {
            send(deferred, sink);
            deferred = null;
        }
    }

    private void send(TelemetryBatch batch, SimulationSink sink) throws InterruptedException {
        sink.telemetry(batch);
        lastSent = batch.getSamples(batch.getSamplesCount() - 1);
    }

    private void sendBuffered(SimulationSink sink) throws InterruptedException {
        for (TelemetryBatch batch : buffered) {
            send(batch, sink);
        }
        buffered.clear();
    }

    /** Sends everything buffered or deferred, oldest first. */
    void flush(SimulationSink sink) throws InterruptedException {
        sendBuffered(sink);
        if (deferred != null) {
            send(deferred, sink);
            deferred = null;
        }
    }
}
