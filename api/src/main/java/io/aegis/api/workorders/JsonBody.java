package io.aegis.api.workorders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.aegis.api.input.InvalidInputException;
import java.util.Iterator;
import java.util.Set;

/** Reads typed fields from a snake_case JSON request body, rejecting unknown fields and wrong types by name. */
final class JsonBody {

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** Wraps {@code node}, which may be null for an empty body, and rejects fields outside {@code allowed}. */
    static JsonBody of(JsonNode node, Set<String> allowed) {
        JsonNode body = node == null || node.isMissingNode() ? NullNode.getInstance() : node;
        if (!body.isNull() && !body.isObject()) {
            throw new InvalidInputException("body", body.getNodeType(), "must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidInputException(name, body.get(name), "is not a known field; known fields: " + allowed);
            }
        }
        return new JsonBody(body);
    }

    JsonNode node(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String text(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(field, value, "must be a string");
        }
        return value.asText();
    }

    String requiredText(String field) {
        String value = text(field);
        if (value.isEmpty()) {
            throw new InvalidInputException(field, "", "is required");
        }
        return value;
    }

    /** Reads an epoch-millisecond integer; absent means 0. */
    long number(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return 0;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new InvalidInputException(field, value, "must be an integer (UTC epoch milliseconds)");
        }
        return value.asLong();
    }

    boolean flag(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(field, value, "must be true or false");
        }
        return value.asBoolean();
    }
}
