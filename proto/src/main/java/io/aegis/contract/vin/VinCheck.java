package io.aegis.contract.vin;

import java.util.List;

/**
 * Result of {@link VinValidator#validate}.
 *
 * @param input the value as received
 * @param normalized the input trimmed and upper-cased
 * @param flags findings on an accepted VIN
 * @param rejections reasons the VIN is invalid; empty when it is accepted
 */
public record VinCheck(String input, String normalized, List<VinFlag> flags, List<VinRejection> rejections) {

    public VinCheck {
        flags = List.copyOf(flags);
        rejections = List.copyOf(rejections);
    }

    public boolean accepted() {
        return rejections.isEmpty();
    }
}
