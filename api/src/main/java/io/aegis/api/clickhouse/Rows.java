package io.aegis.api.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads typed values from a JSONEachRow row. Empty strings become null, because ClickHouse columns have no nulls. */
public final class Rows {

    private Rows() {}

    public static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    public static String textOrEmpty(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** Reads an integer column; Int64 and UInt64 arrive as quoted strings. */
    public static long number(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null ? 0 : value.asLong();
    }

    /** Reads an integer column where zero means "not set". */
    public static Long optionalNumber(JsonNode row, String column) {
        long value = number(row, column);
        return value == 0 ? null : value;
    }

    public static double decimal(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null ? 0.0 : value.asDouble();
    }

    public static boolean flag(JsonNode row, String column) {
        return number(row, column) != 0;
    }
}
