package io.aegis.contract.vin;

/**
 * One reason a VIN is invalid.
 *
 * @param code machine-readable reason
 * @param position 1-based position of the offending character, or 0 when the rule concerns the whole VIN
 * @param expected the character expected at {@code position}, or empty when no single character fixes it
 * @param message the rule in words, naming the value
 */
public record VinRejection(Code code, int position, String expected, String message) {

    /** Machine-readable rejection reasons. */
    public enum Code {
        VIN_MISSING,
        VIN_LENGTH,
        VIN_INVALID_CHARACTER,
        VIN_FORBIDDEN_LETTER,
        VIN_CHECK_DIGIT,
        VIN_PLACEHOLDER
    }
}
