package io.aegis.api.clickhouse;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL statement with named parameters, bound on the client as typed literals.
 *
 * <p>ClickHouse 18.16 has no server-side query parameters (the {@code param_<name>} HTTP setting and the
 * {@code {name:Type}} syntax arrived in 19.x), so values are rendered here the way a prepared statement driver does:
 * strings become quoted literals with every backslash, quote and control character escaped, numbers come only from
 * Java numeric types, and collections become tuples of such literals. A value never becomes SQL text of its own,
 * whatever it contains. Placeholders are written {@code :name} in the template, which is a constant in the code.
 */
public final class Sql {

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<![:\\w]):([a-zA-Z][a-zA-Z0-9_]*)");

    private final String template;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private Sql(String template) {
        this.template = template;
    }

    public static Sql of(String template) {
        return new Sql(template);
    }

    /** Binds {@code value} (String, integral or floating number, Boolean, or a non-empty Collection of those). */
    public Sql bind(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /**
     * Renders the statement with every placeholder replaced by its literal.
     *
     * @throws IllegalStateException when a placeholder has no bound value
     */
    public String render() {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!parameters.containsKey(name)) {
                throw new IllegalStateException("SQL parameter :" + name + " is not bound");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(literal(parameters.get(name))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String literal(Object value) {
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("SQL parameter must be a finite number, got " + number);
            }
            return BigDecimal.valueOf(number).toPlainString();
        }
        if (value instanceof Boolean flag) {
            return flag ? "1" : "0";
        }
        if (value instanceof Collection<?> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("SQL collection parameter must not be empty");
            }
            StringJoiner tuple = new StringJoiner(", ", "(", ")");
            for (Object element : values) {
                tuple.add(literal(element));
            }
            return tuple.toString();
        }
        throw new IllegalArgumentException("unsupported SQL parameter type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** Quotes a string as a ClickHouse literal, where a backslash starts an escape sequence. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
