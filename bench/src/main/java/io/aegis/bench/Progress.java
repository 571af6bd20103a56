package io.aegis.bench;

/** Progress lines on standard output, so a long step shows that it is alive. */
final class Progress {

    private Progress() {}

    static void say(String format, Object... arguments) {
        System.out.printf("    " + format + "%n", arguments);
        System.out.flush();
    }

    /** Returns the p-th percentile (0..100) of sorted values, by the nearest-rank method. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
