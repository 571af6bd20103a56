package io.aegis.edge.openprotocol;

/**
 * Sequence numbers for curve samples, derived from the tightening id and the sample's index, so a curve that is
 * received again gets the same sample identities. Room is left for 100 000 samples per curve.
 */
public final class CurveSequence {

    public static final long SAMPLES_PER_CURVE = 100_000;

    private CurveSequence() {}

    public static long of(long tighteningId, int index) {
        if (index < 0 || index >= SAMPLES_PER_CURVE) {
            throw new IllegalArgumentException(
                    "curve sample index '" + index + "' is invalid: must be 0 to " + (SAMPLES_PER_CURVE - 1));
        }
        return tighteningId * SAMPLES_PER_CURVE + index + 1;
    }
}
