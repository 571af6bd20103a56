package io.aegis.queryside.telemetry;

import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.context.MesContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples between their JetStream delivery and the ClickHouse insert that stores them.
 *
 * <p>A sample newer than its station's MES watermark is held until the watermark reaches it or its grace period
 * ends; every other sample is ready at once. Ready samples leave in batches, oldest first, and are removed only when
 * their insert succeeded, so a failed insert is retried with the same samples. A delivery (one JetStream message) is
 * acknowledged when its last sample has been stored.
 */
final class TelemetryPipeline {

    /** One JetStream message and the number of its samples not yet stored. */
    static final class Delivery {
        private final Acknowledger acknowledger;
        private int remaining;

        Delivery(Acknowledger acknowledger, int samples) {
            this.acknowledger = acknowledger;
            this.remaining = samples;
        }

        Acknowledger acknowledger() {
            return acknowledger;
        }
    }

    /** Acknowledgement callbacks of one delivery; a NATS message in production. */
    interface Acknowledger {
        void ack();

        /** Tells JetStream the message is still being worked on, which restarts its ack wait. */
        void inProgress();

        /** Asks JetStream to redeliver the message now. */
        void nak();
    }

    /** A decoded sample with what ingest learned about it. */
    record Sample(
            TorqueSample raw,
            long ingestTimestamp,
            boolean clockSuspect,
            long clockOffsetMs,
            long deadline,
            Delivery delivery) {}

    private final MesContext context;
    private final Map<String, Hold> held = new HashMap<>();
    private final ArrayList<Sample> ready = new ArrayList<>();
    private long readySince = Long.MAX_VALUE;
    private int heldCount;

    TelemetryPipeline(MesContext context) {
        this.context = context;
    }

    /** Samples of one station that wait for MES context, in arrival order. */
    private static final class Hold {
        final ArrayDeque<Sample> samples = new ArrayDeque<>();
        long scannedWatermark = Long.MIN_VALUE;
    }

    /** Adds the samples of one delivery; returns the number of samples now in memory. */
    synchronized int add(List<Sample> samples, long now) {
        for (Sample sample : samples) {
            String station = sample.raw().getStationId();
            if (sample.raw().getTimestamp() <= context.watermark(station)) {
                markReady(sample, now);
            } else {
                held.computeIfAbsent(station, s -> new Hold()).samples.add(sample);
                heldCount++;
            }
        }
        return size();
    }

    /** Moves held samples that are covered by their station's watermark, or whose grace period ended, to ready. */
    synchronized void promote(long now) {
        for (Iterator<Map.Entry<String, Hold>> stations = held.entrySet().iterator(); stations.hasNext(); ) {
            Map.Entry<String, Hold> entry = stations.next();
            Hold hold = entry.getValue();
            long watermark = context.watermark(entry.getKey());
            if (watermark != hold.scannedWatermark) {
                hold.scannedWatermark = watermark;
                for (Iterator<Sample> it = hold.samples.iterator(); it.hasNext(); ) {
                    Sample sample = it.next();
                    if (sample.raw().getTimestamp() <= watermark) {
                        it.remove();
                        heldCount--;
                        markReady(sample, now);
                    }
                }
            }
            // Deadlines grow with arrival order, so expired samples are at the head.
            while (!hold.samples.isEmpty() && hold.samples.peekFirst().deadline() <= now) {
                heldCount--;
                markReady(hold.samples.pollFirst(), now);
            }
            if (hold.samples.isEmpty()) {
                stations.remove();
            }
        }
    }

    /**
     * Returns the oldest ready samples, at most {@code maxRows}, when a batch is due: {@code dueRows} are ready, the
     * oldest has waited {@code maxWaitMs}, or {@code force} is set. Returns an empty list otherwise.
     */
    synchronized List<Sample> nextBatch(int dueRows, int maxRows, long now, long maxWaitMs, boolean force) {
        if (ready.isEmpty()) {
            return List.of();
        }
        boolean due = force || ready.size() >= dueRows || now - readySince >= maxWaitMs;
        if (!due) {
            return List.of();
        }
        return List.copyOf(ready.subList(0, Math.min(maxRows, ready.size())));
    }

    /**
     * Removes a stored batch (the one {@link #nextBatch} returned) and returns the deliveries whose samples are now
     * all stored.
     */
    synchronized List<Delivery> stored(List<Sample> batch, long now) {
        ready.subList(0, batch.size()).clear();
        readySince = ready.isEmpty() ? Long.MAX_VALUE : now;
        List<Delivery> complete = new ArrayList<>();
        for (Sample sample : batch) {
            Delivery delivery = sample.delivery();
            if (--delivery.remaining == 0) {
                complete.add(delivery);
            }
        }
        return complete;
    }

    synchronized int size() {
        return heldCount + ready.size();
    }

    synchronized int readyCount() {
        return ready.size();
    }

    /** Returns every delivery with a sample in memory. */
    synchronized Set<Delivery> deliveries() {
        Set<Delivery> deliveries = new LinkedHashSet<>();
        for (Hold hold : held.values()) {
            for (Sample sample : hold.samples) {
                deliveries.add(sample.delivery());
            }
        }
        for (Sample sample : ready) {
            deliveries.add(sample.delivery());
        }
        return deliveries;
    }

    /** Forgets every sample and returns their deliveries, for a stop without storing them. */
    synchronized Set<Delivery> clear() {
        Set<Delivery> deliveries = deliveries();
        held.clear();
        ready.clear();
        heldCount = 0;
        readySince = Long.MAX_VALUE;
        return deliveries;
    }

    private void markReady(Sample sample, long now) {
        if (ready.isEmpty()) {
            readySince = now;
        }
        ready.add(sample);
    }
}
