package io.aegis.edge.files;

/** A file that cannot be imported, with the field, the value found and the rule it breaks. */
final class InvalidFileException extends IllegalArgumentException {

    private final String field;
    private final String value;
    private final String rule;

    InvalidFileException(String field, String value, String rule) {
        super(field + " '" + value + "' is invalid: " + rule);
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    String field() {
        return field;
    }

    String value() {
        return value;
    }

    String rule() {
        return rule;
    }
}
