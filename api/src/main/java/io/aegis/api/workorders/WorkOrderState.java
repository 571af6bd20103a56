package io.aegis.api.workorders;

import java.util.Locale;

/** Maps the newest state-changing MES event of a work order to its state. */
public final class WorkOrderState {

    /** Event types (lower-case payload case names) that change the state, as a SQL list. */
    public static final String STATE_EVENTS =
            "('created', 'released', 'arrived', 'left', 'held', 'resumed', 'completed', 'closed')";

    private WorkOrderState() {}

    /** Returns the GraphQL WorkOrderState name for the newest state-changing event type. */
    public static String fromEvent(String eventType) {
        return switch (eventType == null ? "" : eventType.toLowerCase(Locale.ROOT)) {
            case "created" -> "CREATED";
            case "released" -> "RELEASED";
            case "arrived", "left", "resumed" -> "IN_PROGRESS";
            case "held" -> "ON_HOLD";
            case "completed" -> "COMPLETED";
            case "closed" -> "CLOSED";
            default -> "CREATED";
        };
    }

    /** Returns the event types that lead to {@code state}, as a SQL list, for filtering. */
    public static String eventsFor(String state) {
        return switch (state) {
            case "CREATED" -> "('created')";
            case "RELEASED" -> "('released')";
            case "IN_PROGRESS" -> "('arrived', 'left', 'resumed')";
            case "ON_HOLD" -> "('held')";
            case "COMPLETED" -> "('completed')";
            case "CLOSED" -> "('closed')";
            default -> throw new IllegalArgumentException("unknown work-order state " + state);
        };
    }
}
