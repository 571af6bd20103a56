package io.aegis.queryside.telemetry;

import io.aegis.queryside.context.StaleRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stale ranges waiting to be corrected. Overlapping or adjacent ranges of a station merge into one. Ranges with a gap
 * between them stay apart, so that an old correction and a recent departure do not cause a re-read of everything in
 * between.
 */
final class StaleRangeQueue {

    private final Map<String, TreeMap<Long, Long>> byStation = new HashMap<>();

    synchronized void add(StaleRange range) {
        TreeMap<Long, Long> ranges = byStation.computeIfAbsent(range.stationId(), s -> new TreeMap<>());
        long from = range.from();
        long to = range.to();
        var lower = ranges.floorEntry(from);
        if (lower != null && lower.getValue() >= from - 1) {
            from = lower.getKey();
            to = Math.max(to, lower.getValue());
            ranges.remove(lower.getKey());
        }
        var next = ranges.ceilingEntry(from);
        while (next != null && (to == Long.MAX_VALUE || next.getKey() <= to + 1)) {
            to = Math.max(to, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(from);
        }
        ranges.put(from, to);
    }

    /** Removes and returns every queued range. */
    synchronized List<StaleRange> takeAll() {
        List<StaleRange> all = new ArrayList<>();
        byStation.forEach(
                (station, ranges) -> ranges.forEach((from, to) -> all.add(new StaleRange(station, from, to))));
        byStation.clear();
        return all;
    }

    synchronized int size() {
        return byStation.values().stream().mapToInt(Map::size).sum();
    }
}
