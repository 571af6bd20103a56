package io.aegis.contract.vin;

/** A finding on an accepted VIN, stored with the work order. */
public enum VinFlag {
    /** Position 9 does not hold the check digit computed under 49 CFR 565.15. */
    CHECK_DIGIT_MISMATCH,
    /** The input had surrounding whitespace or lower-case letters; the normalized VIN is stored. */
    NORMALIZED
}
