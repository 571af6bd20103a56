package io.aegis.scorer;

/** The error function, by Abramowitz and Stegun formula 7.1.26 (absolute error below 1.5e-7). */
final class Erf {

    private static final double P = 0.3275911;
    private static final double A1 = 0.254829592;
    private static final double A2 = -0.284496736;
    private static final double A3 = 1.421413741;
    private static final double A4 = -1.453152027;
    private static final double A5 = 1.061405429;

    private Erf() {}

    static double erf(double x) {
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1.0 / (1.0 + P * a);
        double polynomial = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        return sign * (1.0 - polynomial * Math.exp(-a * a));
    }
}
