package io.aegis.api.workorders;

import io.aegis.api.input.InvalidInputException;
import io.aegis.contract.Subjects;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Position after a work order in the newest-first order: its creation time and id, encoded as opaque base64. */
public record WorkOrderCursor(long createdAt, String workOrderId) {

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((createdAt + ":" + workOrderId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor returned by an earlier page.
     *
     * @throws InvalidInputException naming the argument when the cursor was not produced by this API
     */
    public static WorkOrderCursor decode(String field, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long createdAt = Long.parseLong(text.substring(0, colon));
            String id = text.substring(colon + 1);
            if (!Subjects.isToken(id)) {
                throw new IllegalArgumentException("bad id");
            }
            return new WorkOrderCursor(createdAt, id);
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, cursor, "must be an endCursor returned by an earlier page");
        }
    }
}
