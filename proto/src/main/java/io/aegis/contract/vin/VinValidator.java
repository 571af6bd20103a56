package io.aegis.contract.vin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates vehicle identification numbers. Every entry point that accepts a VIN uses this class, so a VIN is
 * accepted or rejected for the same reason everywhere.
 *
 * <p>Rules: the input is trimmed and upper-cased; it must have exactly 17 characters from 0-9 and A-Z without I, O
 * and Q (ISO 3779); seventeen equal characters are a placeholder. Position 9 is the check digit of 49 CFR 565.15:
 * letters are transliterated, each value is multiplied by its position weight, and the sum modulo 11 is the digit,
 * with 10 written as {@code X}. The check digit is mandatory for North American manufacturer codes (first character
 * 1 to 5), so a mismatch is a rejection under {@link VinPolicy#STRICT} and a flag under {@link VinPolicy#LENIENT}.
 * Other regions do not require it, so a mismatch there is only a flag.
 */
public final class VinValidator {

    public static final int LENGTH = 17;
    public static final int CHECK_DIGIT_POSITION = 9;

    private static final int[] WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    private VinValidator() {}

    /** Validates {@code input} under {@code policy}; never throws. */
    public static VinCheck validate(String input, VinPolicy policy) {
        if (input == null || input.isBlank()) {
            return rejected(input, "", new VinRejection(VinRejection.Code.VIN_MISSING, 0, "", "VIN is missing"));
        }
        String normalized = input.strip().toUpperCase(Locale.ROOT);
        List<VinFlag> flags = new ArrayList<>();
        if (!normalized.equals(input)) {
            flags.add(VinFlag.NORMALIZED);
        }
        if (normalized.length() != LENGTH) {
            return rejected(
                    input,
                    normalized,
                    new VinRejection(
                            VinRejection.Code.VIN_LENGTH,
                            0,
                            "",
                            "VIN '" + normalized + "' has " + normalized.length() + " characters, expected " + LENGTH));
        }
        List<VinRejection> rejections = characterRejections(normalized);
        if (!rejections.isEmpty()) {
            return new VinCheck(input, normalized, flags, rejections);
        }
        if (normalized.chars().distinct().count() == 1) {
            return rejected(
                    input,
                    normalized,
                    new VinRejection(
                            VinRejection.Code.VIN_PLACEHOLDER,
                            0,
                            "",
                            "VIN '" + normalized + "' is a placeholder of seventeen equal characters"));
        }
        char expected = checkDigit(normalized);
        char actual = normalized.charAt(CHECK_DIGIT_POSITION - 1);
        if (actual != expected) {
            if (isNorthAmerican(normalized) && policy == VinPolicy.STRICT) {
                rejections.add(new VinRejection(
                        VinRejection.Code.VIN_CHECK_DIGIT,
                        CHECK_DIGIT_POSITION,
                        String.valueOf(expected),
                        "VIN '" + normalized + "' has check digit '" + actual + "' at position 9, expected '" + expected
                                + "' (49 CFR 565.15, required for manufacturer codes 1 to 5)"));
                return new VinCheck(input, normalized, flags, rejections);
            }
            flags.add(VinFlag.CHECK_DIGIT_MISMATCH);
        }
        return new VinCheck(input, normalized, flags, List.of());
    }

    /**
     * Computes the check digit of a 17-character VIN made of valid characters.
     *
     * @throws IllegalArgumentException when {@code vin} has another length or a character outside the VIN alphabet
     */
    public static char checkDigit(String vin) {
        if (vin.length() != LENGTH) {
            throw new IllegalArgumentException("VIN '" + vin + "' has " + vin.length() + " characters, expected 17");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH; i++) {
            int value = transliterate(vin.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException(
                        "VIN '" + vin + "' has invalid character '" + vin.charAt(i) + "' at position " + (i + 1));
            }
            sum += value * WEIGHTS[i];
        }
        int remainder = sum % 11;
        return remainder == 10 ? 'X' : (char) ('0' + remainder);
    }

    private static boolean isNorthAmerican(String vin) {
        char first = vin.charAt(0);
        return first >= '1' && first <= '5';
    }

    private static List<VinRejection> characterRejections(String vin) {
        List<VinRejection> rejections = new ArrayList<>();
        for (int i = 0; i < vin.length(); i++) {
            char c = vin.charAt(i);
            int position = i + 1;
            if (c == 'I' || c == 'O' || c == 'Q') {
                String expected = c == 'I' ? "1" : "0";
                rejections.add(new VinRejection(
                        VinRejection.Code.VIN_FORBIDDEN_LETTER,
                        position,
                        expected,
                        "VIN '" + vin + "' has letter '" + c + "' at position " + position
                                + ", which VINs never use (ISO 3779); did you mean '" + expected + "'?"));
            } else if (transliterate(c) < 0) {
                rejections.add(new VinRejection(
                        VinRejection.Code.VIN_INVALID_CHARACTER,
                        position,
                        "",
                        "VIN '" + vin + "' has invalid character '" + c + "' at position " + position
                                + "; only 0-9 and A-Z without I, O and Q are allowed"));
            }
        }
        return rejections;
    }

    /** Returns the 49 CFR 565.15 value of a VIN character, or -1 when it is not in the VIN alphabet. */
    private static int transliterate(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return switch (c) {
            case 'A', 'J' -> 1;
            case 'B', 'K', 'S' -> 2;
            case 'C', 'L', 'T' -> 3;
            case 'D', 'M', 'U' -> 4;
            case 'E', 'N', 'V' -> 5;
            case 'F', 'W' -> 6;
            case 'G', 'P', 'X' -> 7;
            case 'H', 'Y' -> 8;
            case 'R', 'Z' -> 9;
            default -> -1;
        };
    }

    private static VinCheck rejected(String input, String normalized, VinRejection rejection) {
        return new VinCheck(input, normalized, List.of(), List.of(rejection));
    }
}
