package io.aegis.contract;

import java.util.regex.Pattern;

/**
 * Subjects of one Aegis installation, all below a root token ({@code aegis} in production).
 *
 * <p>The stream captures {@code <root>.>}. Work-order commands use core NATS request/reply on
 * {@code <root>-rpc.workorder}, which must stay outside the stream, because JetStream would store a captured request
 * and reply to it with its own publish acknowledgement before the command side replies. Tests use a fresh root per test so
 * they never see each other's messages.
 *
 * <p>Station and work-order ids become subject tokens, so they are limited to letters, digits, {@code -} and
 * {@code _}.
 */
public record Subjects(String root) {

    // Declared before DEFAULT: static fields initialise in order, and the constructor uses the pattern.
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public static final Subjects DEFAULT = new Subjects("aegis");

    public Subjects {
        requireToken("subject root", root);
    }

    /** Returns the wildcard of every subject the stream captures. */
    public String all() {
        return root + ".>";
    }

    public String telemetry(String stationId) {
        return root + ".telemetry." + requireToken("station_id", stationId);
    }

    public String telemetryAll() {
        return root + ".telemetry.*";
    }

    public String tightening(String stationId) {
        return root + ".tightening." + requireToken("station_id", stationId);
    }

    public String tighteningAll() {
        return root + ".tightening.*";
    }

    public String mes(String workOrderId) {
        return root + ".mes.workorder." + requireToken("work_order_id", workOrderId);
    }

    public String mesAll() {
        return root + ".mes.workorder.*";
    }

    public String alerts(String stationId) {
        return root + ".alerts." + requireToken("station_id", stationId);
    }

    public String alertsAll() {
        return root + ".alerts.*";
    }

    public String scores(String stationId) {
        return root + ".scores." + requireToken("station_id", stationId);
    }

    public String scoresAll() {
        return root + ".scores.*";
    }

    /** Request/reply subject for work-order commands; outside the stream on purpose. */
    public String workOrderCommands() {
        return root + "-rpc.workorder";
    }

    /**
     * Request/reply subject for work-order history ({@code WorkOrderHistoryRequest -> WorkOrderHistoryReply});
     * outside the stream like {@link #workOrderCommands()}.
     */
    public String workOrderHistory() {
        return root + "-rpc.workorder.history";
    }

    /** Returns the last token of a subject, which is the station or work-order id for every subject above. */
    public static String lastToken(String subject) {
        return subject.substring(subject.lastIndexOf('.') + 1);
    }

    /** Returns whether {@code value} can be used as one subject token. */
    public static boolean isToken(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }

    /**
     * Returns {@code value} unchanged when it is a valid subject token.
     *
     * @throws IllegalArgumentException naming the field, the value and the rule otherwise
     */
    public static String requireToken(String field, String value) {
        if (!isToken(value)) {
            throw new IllegalArgumentException(field + " '" + value
                    + "' is invalid: use 1 to 64 letters, digits, '-' or '_' (it becomes a NATS subject token)");
        }
        return value;
    }
}
