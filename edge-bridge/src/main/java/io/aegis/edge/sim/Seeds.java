package io.aegis.edge.sim;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run seed and a few coordinates (station, vehicle, bolt), so any
 * cycle's parameters can be computed without replaying the ones before it.
 */
final class Seeds {

    static final long STATION_NOISE = 1;
    static final long CYCLE = 2;
    static final long VEHICLE = 3;
    static final long RUN = 4;
    static final long STATION_FAULT = 5;
    static final long GATEWAY = 6;

    private Seeds() {}

    static SplittableRandom random(long seed, long... coordinates) {
        return new SplittableRandom(mix(seed, coordinates));
    }

    static long mix(long seed, long... coordinates) {
        long hash = splitMix(seed);
        for (long coordinate : coordinates) {
            hash = splitMix(hash ^ coordinate);
        }
        return hash;
    }

    /** Applies the SplitMix64 finaliser, a fixed bijection that spreads every input bit over the output. */
    private static long splitMix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Draws a standard normal value by the Box-Muller transform. {@code StrictMath} keeps the result identical on
     * every platform, which {@code Math} and {@code nextGaussian} do not promise.
     */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
