package io.aegis.edge.sim;

/**
 * A fault that affects a whole station for a while, as opposed to one tightening cycle.
 *
 * @param startMillis true (simulated) instant the fault begins
 * @param endMillis true instant it ends, exclusive
 * @param magnitude kind-specific size: the drift's final torque offset as a share of the target, or the clock
 *     offset in milliseconds; zero for the others
 */
record StationFault(Kind kind, String stationId, int position, long startMillis, long endMillis, double magnitude) {

    enum Kind {
        /** Torque readings creep upwards across the fault, reaching {@code magnitude} times the target. */
        DRIFT,
        /** The station's clock runs {@code magnitude} ms ahead: timestamps are later than the true instant. */
        CLOCK_AHEAD,
        /** The station's clock runs {@code magnitude} ms behind. */
        CLOCK_BEHIND,
        /** The gateway loses its uplink: telemetry is buffered and flushed, in order, when the fault ends. */
        GATEWAY_OUTAGE,
        /** The gateway sends some samples twice, in batches of their own (so with other message ids). */
        DUPLICATES,
        /** The gateway swaps consecutive batches. */
        REORDERING
    }

    boolean covers(long t) {
        return t >= startMillis && t < endMillis;
    }

    String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
