package io.aegis.contract;

import io.aegis.proto.v1.TorqueSample;
import java.util.Optional;

/**
 * Checks one torque sample before it is accepted. Every entry point (NATS, gRPC, file import) uses this class, so a
 * sample is accepted or rejected for the same reason everywhere.
 */
public final class SampleValidator {

    /** 2000-01-01T00:00:00Z: anything earlier is a unit mistake (seconds instead of milliseconds). */
    public static final long MIN_TIMESTAMP_MS = 946_684_800_000L;

    /** Torque magnitudes beyond this are a unit or scaling mistake for hand-held and fixtured tightening tools. */
    public static final double MAX_ABS_TORQUE_NM = 10_000.0;

    private SampleValidator() {}

    /** A rejected field with its value and the rule it broke. */
    public record Violation(String field, String value, String rule) {
        public String message() {
            return field + " '" + value + "' is invalid: " + rule;
        }
    }

    /** Returns the first rule the sample breaks, or empty when it is acceptable. */
    public static Optional<Violation> check(TorqueSample sample) {
        if (!Subjects.isToken(sample.getStationId())) {
            return violation("station_id", sample.getStationId(), "must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (!Double.isFinite(sample.getTorque())) {
            return violation("torque", String.valueOf(sample.getTorque()), "must be a finite number of newton-metres");
        }
        if (Math.abs(sample.getTorque()) > MAX_ABS_TORQUE_NM) {
            return violation(
                    "torque", String.valueOf(sample.getTorque()), "must be within +/-" + MAX_ABS_TORQUE_NM + " Nm");
        }
        if (sample.getTimestamp() < MIN_TIMESTAMP_MS) {
            return violation(
                    "timestamp",
                    String.valueOf(sample.getTimestamp()),
                    "must be UTC epoch milliseconds after 2000-01-01 (seconds are not accepted)");
        }
        if (sample.getHasAngle() && !Double.isFinite(sample.getAngleDeg())) {
            return violation("angle_deg", String.valueOf(sample.getAngleDeg()), "must be a finite number of degrees");
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(String field, String value, String rule) {
        return Optional.of(new Violation(field, value, rule));
    }
}
