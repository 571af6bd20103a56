package io.aegis.commandside.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.commandside.workorder.FirmwareFlashedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Converts {@link FirmwareFlashedEvent} from revision 1 to revision 2. Revision 1 had no revision annotation, so it
 * is stored with a null revision; it named the version {@code firmwareVersion} and had no flashing result, because
 * only successful flashes were reported. Revision 2 names it {@code version} and adds {@code result}, set to
 * {@code OK} for old events.
 */
@Component
@Order(0)
class FirmwareFlashedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(FirmwareFlashedEvent.class.getName(), null);
    static final String REVISION_2 = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(FirmwareFlashedEvent.class.getName(), REVISION_2),
                JsonNode.class,
                FirmwareFlashedUpcaster::toRevision2);
    }

    static JsonNode toRevision2(JsonNode revision1) {
        ObjectNode event = revision1.deepCopy();
        event.set("version", event.remove("firmwareVersion"));
        event.put("result", "OK");
        return event;
    }
}
