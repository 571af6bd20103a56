package io.aegis.api.input;

/** A request argument that breaks a rule: HTTP returns 400, GraphQL a BAD_REQUEST error, gRPC INVALID_ARGUMENT. */
public class InvalidInputException extends IllegalArgumentException {

    private static final int MAX_ECHOED_VALUE = 80;

    private final String field;
    private final String value;
    private final String rule;

    public InvalidInputException(String field, Object value, String rule) {
        super(field + " '" + echo(value) + "' is invalid: " + rule);
        this.field = field;
        this.value = echo(value);
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }

    /** Shortens a rejected value so an oversized argument is not copied whole into responses and logs. */
    private static String echo(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_ECHOED_VALUE ? text : text.substring(0, MAX_ECHOED_VALUE) + "...";
    }
}
