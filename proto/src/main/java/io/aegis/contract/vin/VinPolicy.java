package io.aegis.contract.vin;

/** How strictly {@link VinValidator} treats a check digit that does not match. */
public enum VinPolicy {
    /** A wrong check digit on a North American VIN (first character 1 to 5) is a rejection. */
    STRICT,
    /** A wrong check digit is accepted and reported as {@link VinFlag#CHECK_DIGIT_MISMATCH}. */
    LENIENT
}
