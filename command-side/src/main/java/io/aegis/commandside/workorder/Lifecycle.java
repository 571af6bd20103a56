package io.aegis.commandside.workorder;

/** Lifecycle of a work order. */
public enum Lifecycle {
    PLANNED,
    RELEASED,
    IN_PROGRESS,
    ON_HOLD,
    COMPLETED,
    CLOSED
}
