package io.aegis.commandside.workorder;

/** Result of {@link ApplyLevel4StateCommand}: the work order the snapshot was applied to. */
public record Level4Outcome(String workOrderId, String vin) {}
