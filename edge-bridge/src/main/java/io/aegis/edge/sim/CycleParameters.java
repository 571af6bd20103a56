package io.aegis.edge.sim;

/**
 * Shape of one tightening cycle, drawn from the seed before its first sample.
 *
 * @param fault injected fault of this cycle, or null
 */
record CycleParameters(
        double targetTorque, double finalTorque, double rundownAngle, double finalAngle, CycleFault fault) {

    /** Lower and upper torque limits: 10 % around the target, as a typical tightening program sets them. */
    double minTorque() {
        return targetTorque * 0.9;
    }

    double maxTorque() {
        return targetTorque * 1.1;
    }

    enum CycleFault {
        OVER_TORQUE,
        UNDER_TORQUE,
        /** The vehicle's steering fault showing at the steering station: overshoot with a short angle. */
        STEERING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
