package io.aegis.queryside.telemetry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Estimates each station's clock offset and flags samples whose source timestamp cannot be trusted.
 *
 * <p>The offset estimate is the smallest {@code ingest - source} difference seen over the last two windows. Transport
 * delay only adds to the difference, so the minimum is the closest bound on the clock error. Late deliveries, such
 * as a replayed backlog, do not move it while the station also sends current samples. A sample is suspect when the
 * estimate exceeds the threshold in either direction, or when its sequence goes backwards: a lower sequence with a
 * later timestamp than a sample already seen, or the reverse.
 */
final class ClockMonitor {

    /** Recent sequence numbers kept per station for the ordering check. */
    private static final int RECENT_SEQUENCES = 4_096;

    private final long thresholdMs;
    private final long windowMs;
    private final Map<String, StationClock> stations = new HashMap<>();

    ClockMonitor(Duration threshold, Duration window) {
        this.thresholdMs = threshold.toMillis();
        this.windowMs = window.toMillis();
    }

    /** Offset estimate at ingest and whether the sample's timestamp is suspect. */
    record Verdict(long offsetMs, boolean suspect) {}

    synchronized Verdict observe(String stationId, long seq, long timestamp, long ingestTimestamp) {
        StationClock clock = stations.computeIfAbsent(stationId, s -> new StationClock());
        long offset = clock.offset(ingestTimestamp - timestamp, ingestTimestamp, windowMs);
        boolean backwards = seq != 0 && clock.sequenceGoesBackwards(seq, timestamp);
        return new Verdict(offset, backwards || Math.abs(offset) > thresholdMs);
    }

    /** Returns the current estimate for a station, or 0 before its first sample. */
    synchronized long offsetMs(String stationId) {
        StationClock clock = stations.get(stationId);
        return clock == null ? 0 : clock.estimate();
    }

    private static final class StationClock {
        private long windowStart = Long.MIN_VALUE;
        private long currentMin = Long.MAX_VALUE;
        private long previousMin = Long.MAX_VALUE;
        private final TreeMap<Long, Long> recent = new TreeMap<>();

        long offset(long difference, long now, long windowMs) {
            if (windowStart == Long.MIN_VALUE) {
                windowStart = now;
            } else if (now - windowStart >= windowMs) {
                // A window with no samples in between leaves nothing to carry over.
                previousMin = now - windowStart >= 2 * windowMs ? Long.MAX_VALUE : currentMin;
                currentMin = Long.MAX_VALUE;
                windowStart = now;
            }
            currentMin = Math.min(currentMin, difference);
            return estimate();
        }

        long estimate() {
            long min = Math.min(currentMin, previousMin);
            return min == Long.MAX_VALUE ? 0 : min;
        }

        boolean sequenceGoesBackwards(long seq, long timestamp) {
            Long known = recent.get(seq);
            if (known != null) {
                return known != timestamp;
            }
            if (!recent.isEmpty()
                    && seq < recent.firstKey()
                    && timestamp > recent.lastEntry().getValue()) {
                // The source restarted its sequence: start over from this sample, which is the one flagged.
                recent.clear();
                recent.put(seq, timestamp);
                return true;
            }
            var lower = recent.lowerEntry(seq);
            var higher = recent.higherEntry(seq);
            recent.put(seq, timestamp);
            if (recent.size() > RECENT_SEQUENCES) {
                recent.pollFirstEntry();
            }
            return (lower != null && lower.getValue() > timestamp) || (higher != null && higher.getValue() < timestamp);
        }
    }
}
