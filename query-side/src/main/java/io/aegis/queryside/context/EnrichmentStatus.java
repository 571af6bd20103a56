package io.aegis.queryside.context;

/** Values of telemetry.status; the names match the EnrichmentStatus enum of the wire contract. */
public enum EnrichmentStatus {
    /** A vehicle occupied the station at the sample's timestamp. */
    JOINED,
    /** The station had no MES context at all when the sample's grace period ended; a later row version corrects it. */
    PENDING_MES,
    /** The station's MES context says it was empty at the sample's timestamp. */
    NO_WORK_ORDER,
    /** The sample is older than the retained MES history. */
    UNJOINED_TOO_OLD
}
