package io.aegis.edge.publish;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches per-stream sequence numbers (simulator samples per station, controller tightening ids per station) and
 * reports the gaps that do not fill within the gap timeout. A late or resent item fills its gap silently; a gap that
 * stays open is counted in {@code aegis.edge.sequence.gaps} (missing sequence numbers, tags {@code stream} and
 * {@code station}), logged, and published as a {@link SequenceGapDetected} application event.
 */
@Component
public class SequenceGapMonitor {

    /** Open gaps kept per stream; beyond this the oldest is reported at once, so memory stays bounded. */
    static final int MAX_OPEN_GAPS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SequenceGapMonitor.class);

    private final MeterRegistry registry;
    private final ApplicationEventPublisher events;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Map<Key, Track> tracks = new HashMap<>();

    @Autowired
    SequenceGapMonitor(MeterRegistry registry, ApplicationEventPublisher events, PublishProperties properties) {
        this(registry, events, properties.gapTimeout(), System::currentTimeMillis);
    }

    SequenceGapMonitor(MeterRegistry registry, ApplicationEventPublisher events, Duration timeout, LongSupplier clock) {
        this.registry = registry;
        this.events = events;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * A gap that did not fill in time.
     *
     * @param stream what the numbers count, for example {@code samples} or {@code tightening-ids}
     * @param first first missing sequence number
     * @param last last missing sequence number
     * @param detectedAt wall-clock time the gap was first seen (UTC epoch ms)
     */
    public record SequenceGapDetected(String stream, String stationId, long first, long last, long detectedAt) {

        public long missing() {
            return last - first + 1;
        }
    }

    private record Key(String stream, String stationId) {}

    private static final class Track {
        long highest;
        final TreeMap<Long, long[]> gaps = new TreeMap<>(); // first -> {last, detectedAt}
    }

    /** Records that sequence number {@code seq} of the stream arrived. */
    public void observe(String stream, String stationId, long seq) {
        List<SequenceGapDetected> overflow = new ArrayList<>();
        synchronized (this) {
            Key key = new Key(stream, stationId);
            Track track = tracks.get(key);
            if (track == null) {
                track = new Track();
                track.highest = seq;
                tracks.put(key, track);
                return;
            }
            if (seq > track.highest + 1) {
                track.gaps.put(track.highest + 1, new long[] {seq - 1, clock.getAsLong()});
                while (track.gaps.size() > MAX_OPEN_GAPS) {
                    Map.Entry<Long, long[]> oldest = track.gaps.pollFirstEntry();
                    overflow.add(new SequenceGapDetected(
                            stream, stationId, oldest.getKey(), oldest.getValue()[0], oldest.getValue()[1]));
                }
            }
            if (seq > track.highest) {
                track.highest = seq;
            } else {
                fill(track, seq);
            }
        }
        overflow.forEach(this::report);
    }

    private static void fill(Track track, long seq) {
        Map.Entry<Long, long[]> gap = track.gaps.floorEntry(seq);
        if (gap == null || gap.getValue()[0] < seq) {
            return;
        }
        long first = gap.getKey();
        long last = gap.getValue()[0];
        long detectedAt = gap.getValue()[1];
        track.gaps.remove(first);
        if (first < seq) {
            track.gaps.put(first, new long[] {seq - 1, detectedAt});
        }
        if (seq < last) {
            track.gaps.put(seq + 1, new long[] {last, detectedAt});
        }
    }

    /** Reports every gap older than the timeout and stops tracking it; runs every few seconds. */
    @Scheduled(fixedDelayString = "${aegis.edge.publish.gap-check-interval:5s}")
    public void reportExpiredGaps() {
        long cutoff = clock.getAsLong() - timeout.toMillis();
        List<SequenceGapDetected> expired = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Key, Track> entry : tracks.entrySet()) {
                Iterator<Map.Entry<Long, long[]>> gaps =
                        entry.getValue().gaps.entrySet().iterator();
                while (gaps.hasNext()) {
                    Map.Entry<Long, long[]> gap = gaps.next();
                    if (gap.getValue()[1] <= cutoff) {
                        expired.add(new SequenceGapDetected(
                                entry.getKey().stream(),
                                entry.getKey().stationId(),
                                gap.getKey(),
                                gap.getValue()[0],
                                gap.getValue()[1]));
                        gaps.remove();
                    }
                }
            }
        }
        expired.forEach(this::report);
    }

    private void report(SequenceGapDetected gap) {
        registry.counter("aegis.edge.sequence.gaps", "stream", gap.stream(), "station", gap.stationId())
                .increment(gap.missing());
        log.warn(
                "[{} {}] sequence numbers {} to {} ({} missing) did not arrive within {} of the gap being seen",
                gap.stream(),
                gap.stationId(),
                gap.first(),
                gap.last(),
                gap.missing(),
                timeout);
        events.publishEvent(gap);
    }
}
