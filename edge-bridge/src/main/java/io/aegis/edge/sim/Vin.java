package io.aegis.edge.sim;

import io.aegis.contract.vin.VinValidator;

/** Builds 17-character VINs with the North American check digit (position 9). */
final class Vin {

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
        return VinValidator.checkDigit(vin);
    }

    static boolean isValid(String vin) {
        if (vin == null || vin.length() != VinValidator.LENGTH) {
            return false;
        }
        try {
            return checkDigit(vin) == vin.charAt(VinValidator.CHECK_DIGIT_POSITION - 1);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
