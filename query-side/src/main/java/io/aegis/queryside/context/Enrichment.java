package io.aegis.queryside.context;

/**
 * The work-order context of one sample as of its own timestamp.
 *
 * @param vinFlags findings of the MES's lenient VIN policy for the vehicle, comma-separated (for example
 *     {@code CHECK_DIGIT_MISMATCH}), empty when there are none
 * @param firmware version of the most recent OK flash of any ECU of the vehicle at or before the sample
 * @param firmwareEcus JSON object of ECU name to the version flashed last at or before the sample
 */
public record Enrichment(
        String vin,
        String vinFlags,
        String firmware,
        String firmwareEcus,
        String workOrderId,
        EnrichmentStatus status) {

    public static final String NO_ECUS = "{}";

    static Enrichment without(EnrichmentStatus status) {
        return new Enrichment("", "", "", NO_ECUS, "", status);
    }
}
