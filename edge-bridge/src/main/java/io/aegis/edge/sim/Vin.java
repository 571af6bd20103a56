package io.aegis.edge.sim;

/** Builds 17-character VINs with the North American check digit (position 9). */
final class Vin {

    private static final int[] WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    /** Model-year codes, repeating every 30 years; 2010 is 'A'. I, O, Q, U, Z and 0 are never used. */
    private static final String YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789";

    private Vin() {}

    /**
     * Returns the VIN for the given parts with its check digit filled in.
     *
     * @param wmi 3-character world manufacturer identifier
     * @param vds 5-character vehicle descriptor section
     * @param plant 1-character plant code
     * @param serial production serial number, 0 to 999999
     */
    static String of(String wmi, String vds, int modelYear, char plant, int serial) {
        if (serial < 0 || serial > 999_999) {
            throw new IllegalArgumentException("serial '" + serial + "' is invalid: must be 0 to 999999");
        }
        String withoutCheck = wmi + vds + '0' + yearCode(modelYear) + plant + String.format("%06d", serial);
        if (withoutCheck.length() != 17) {
            throw new IllegalArgumentException(
                    "VIN parts '" + withoutCheck + "' are invalid: WMI needs 3 and VDS 5 characters");
        }
        return withoutCheck.substring(0, 8) + checkDigit(withoutCheck) + withoutCheck.substring(9);
    }

    static char yearCode(int modelYear) {
        return YEAR_CODES.charAt(Math.floorMod(modelYear - 2010, YEAR_CODES.length()));
    }

    /** Returns the check digit ('0' to '9' or 'X') of a 17-character VIN; position 9 itself is ignored. */
    static char checkDigit(String vin) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += transliterate(vin.charAt(i)) * WEIGHTS[i];
        }
        int remainder = sum % 11;
        return remainder == 10 ? 'X' : (char) ('0' + remainder);
    }

    static boolean isValid(String vin) {
        if (vin == null || vin.length() != 17) {
            return false;
        }
        try {
            return checkDigit(vin) == vin.charAt(8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

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
            default ->
                throw new IllegalArgumentException("VIN character '" + c
                        + "' is invalid: only digits and letters other than I, O and Q are allowed");
        };
    }
}
