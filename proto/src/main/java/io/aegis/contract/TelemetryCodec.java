package io.aegis.contract;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes and decodes telemetry message bodies.
 *
 * <p>Aegis publishes binary {@link TelemetryBatch} bodies (a single sample is a batch of one) with the header
 * {@code Content-Type: application/protobuf}. Third-party gateways may publish the JSON form instead: either one
 * sample such as {@code {"station_id":"5","torque":43.21,"timestamp":1714234567890}} or a batch with a
 * {@code samples} array. A JSON body is recognised by its content type or by a leading {@code '{'}.
 */
public final class TelemetryCodec {

    public static final String CONTENT_TYPE = "Content-Type";
    public static final String PROTOBUF = "application/protobuf";
    public static final String JSON = "application/json";

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

    private TelemetryCodec() {}

    public static Headers headers() {
        return new Headers().put(CONTENT_TYPE, PROTOBUF);
    }

    public static byte[] encode(TelemetryBatch batch) {
        return batch.toByteArray();
    }

    /**
     * Decodes a message body into its samples, in the order they were sent.
     *
     * @throws MalformedMessageException when the body is neither a valid protobuf batch nor valid JSON
     */
    public static List<TorqueSample> decode(Headers headers, byte[] body) {
        if (isJson(headers, body)) {
            return decodeJson(body);
        }
        try {
            return TelemetryBatch.parseFrom(body).getSamplesList();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("telemetry body is not a valid protobuf TelemetryBatch (" + body.length
                    + " bytes): " + e.getMessage());
        }
    }

    private static List<TorqueSample> decodeJson(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            if (text.contains("\"samples\"")) {
                TelemetryBatch.Builder batch = TelemetryBatch.newBuilder();
                JSON_PARSER.merge(text, batch);
                return batch.getSamplesList();
            }
            TorqueSample.Builder sample = TorqueSample.newBuilder();
            JSON_PARSER.merge(text, sample);
            return List.of(sample.build());
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("telemetry body is not valid sample JSON: " + e.getMessage());
        }
    }

    private static boolean isJson(Headers headers, byte[] body) {
        if (headers != null) {
            String type = headers.getFirst(CONTENT_TYPE);
            if (type != null) {
                return type.startsWith(JSON);
            }
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * Returns the JetStream message id for a batch: the station, the sequence range it carries and the first
     * sample's timestamp. The timestamp keeps a source that restarts its sequence at 1 from colliding with its
     * previous run inside the stream's duplicate window, while a retried batch keeps its id.
     */
    public static String messageId(TelemetryBatch batch) {
        TorqueSample first = batch.getSamples(0);
        TorqueSample last = batch.getSamples(batch.getSamplesCount() - 1);
        return first.getStationId() + ":" + sampleKey(first) + "-" + sampleKey(last) + "@" + first.getTimestamp();
    }

    /** Returns the per-station identity of a sample: its sequence, or its timestamp where it has none. */
    public static long sampleKey(TorqueSample sample) {
        return sample.getSeq() != 0 ? sample.getSeq() : sample.getTimestamp();
    }
}
