package io.aegis.queryside.context;

/**
 * Samples of one station, by timestamp (both bounds inclusive), whose stored enrichment may no longer match the MES
 * context and must be computed again.
 */
public record StaleRange(String stationId, long from, long to) {

    /** Returns the smallest range holding both. */
    public StaleRange union(StaleRange other) {
        return new StaleRange(stationId, Math.min(from, other.from), Math.max(to, other.to));
    }
}
