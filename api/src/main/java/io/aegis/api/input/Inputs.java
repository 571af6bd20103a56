package io.aegis.api.input;

import io.aegis.contract.SampleValidator;
import io.aegis.contract.Subjects;
import java.util.regex.Pattern;

/**
 * Checks request arguments before they reach a query or a command. Every identifier has a whitelist pattern, so
 * quotes, comments, spaces and oversized strings are rejected with the field, the value and the rule. The SQL layer
 * quotes values as well, so a check here is never the only protection.
 */
public final class Inputs {

    /** VINs as stored: ISO 3779 uses 17 characters, and legacy or lenient VINs may be shorter. */
    private static final Pattern VIN = Pattern.compile("[A-Za-z0-9]{1,17}");

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Inputs() {}

    public static String vin(String field, String value) {
        return require(field, value, VIN, "must be 1 to 17 letters or digits");
    }

    public static String stationId(String field, String value) {
        return require(field, value, null, "must be 1 to 64 letters, digits, '-' or '_'");
    }

    public static String workOrderId(String field, String value) {
        return stationId(field, value);
    }

    public static String firmware(String field, String value) {
        return require(field, value, VERSION, "must be 1 to 64 letters, digits, '.', '_', '+' or '-'");
    }

    public static String code(String field, String value) {
        return require(field, value, CODE, "must be 1 to 64 letters, digits, '.', '_' or '-'");
    }

    /** Returns {@code value} when it lies in [min, max]. */
    public static int range(String field, Integer value, int defaultValue, int min, int max) {
        int actual = value == null ? defaultValue : value;
        if (actual < min || actual > max) {
            throw new InvalidInputException(field, actual, "must be between " + min + " and " + max);
        }
        return actual;
    }

    /** Checks an epoch-millisecond instant (after 2000-01-01, which catches seconds sent as milliseconds). */
    public static long instant(String field, Long value) {
        if (value == null) {
            throw new InvalidInputException(field, null, "is required (UTC epoch milliseconds)");
        }
        if (value < SampleValidator.MIN_TIMESTAMP_MS) {
            throw new InvalidInputException(field, value, "must be UTC epoch milliseconds after 2000-01-01");
        }
        return value;
    }

    /** Checks a time range with from < to and a maximum span. */
    public static void timeRange(long from, long to, long maxSpanMs) {
        if (to <= from) {
            throw new InvalidInputException("to", to, "must be greater than from (" + from + ")");
        }
        if (to - from > maxSpanMs) {
            throw new InvalidInputException(
                    "to", to, "must be at most " + maxSpanMs + " ms after from (" + from + "); split the range");
        }
    }

    public static double torque(String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            throw new InvalidInputException(field, value, "must be a finite number of newton-metres");
        }
        return value;
    }

    private static String require(String field, String value, Pattern pattern, String rule) {
        if (value == null) {
            throw new InvalidInputException(field, null, "is required");
        }
        boolean valid = pattern == null
                ? Subjects.isToken(value)
                : pattern.matcher(value).matches();
        if (!valid) {
            throw new InvalidInputException(field, value, rule);
        }
        return value;
    }
}
