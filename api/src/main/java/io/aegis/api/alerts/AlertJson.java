package io.aegis.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.aegis.contract.MalformedMessageException;
import io.aegis.contract.Subjects;
import io.aegis.proto.v1.DefectAlert;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes DefectAlert message bodies and writes the snake_case JSON that SSE clients receive. */
final class AlertJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private AlertJson() {}

    /**
     * Decodes a binary protobuf body, or a JSON body when the Content-Type header says so or the body starts with
     * '{'.
     *
     * @throws MalformedMessageException when the body is neither
     */
    static DefectAlert decode(Message message) {
        return decode(message.getHeaders(), message.getData());
    }

    /** Decodes a body read from the stream by sequence; see {@link #decode(Message)}. */
    static DefectAlert decode(Headers headers, byte[] body) {
        String type = headers == null ? null : headers.getFirst("Content-Type");
        boolean json = type != null ? type.startsWith("application/json") : body.length > 0 && body[0] == '{';
        try {
            if (json) {
                DefectAlert.Builder builder = DefectAlert.newBuilder();
                PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
                return builder.build();
            }
            return DefectAlert.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException(
                    "alert body is not a valid DefectAlert (" + body.length + " bytes): " + e.getMessage());
        }
    }

    /** Returns the alert in the documented shape: brief fields first, timestamps as numbers. */
    static Map<String, Object> fields(DefectAlert alert) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station_id", alert.getStationId());
        fields.put("anomaly_score", alert.getAnomalyScore());
        fields.put("trigger_torque_nm", alert.getTriggerTorqueNm());
        fields.put("timestamp", alert.getTimestamp());
        fields.put("vin", alert.getVin());
        fields.put("firmware", alert.getFirmware());
        fields.put("model_name", alert.getModelName());
        fields.put("model_version", alert.getModelVersion());
        fields.put("alert_id", alert.getAlertId());
        fields.put("merged_samples", alert.getMergedSamples());
        fields.put("first_timestamp", alert.getFirstTimestamp());
        fields.put("last_timestamp", alert.getLastTimestamp());
        fields.put("raised_at", alert.getRaisedAt());
        return fields;
    }

    /**
     * Returns the {@code alert} event of an alert read from {@code subject} at stream sequence {@code sequence}. An
     * alert without a station id takes the last token of its subject.
     */
    static SseFrame frame(ObjectMapper mapper, long sequence, String subject, DefectAlert alert) {
        String station = alert.getStationId().isEmpty() ? Subjects.lastToken(subject) : alert.getStationId();
        Map<String, Object> fields = fields(alert);
        fields.put("station_id", station);
        return SseFrame.alert(sequence, station, write(mapper, fields));
    }

    static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert JSON", e);
        }
    }
}
