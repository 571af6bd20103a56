package io.aegis.queryside.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message.Builder;
import com.google.protobuf.util.JsonFormat;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.AnomalyScore;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.MesContext;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

/** Column lists and row encoders of the alerts, scores and tightening_results tables. */
final class RecordTables {

    static final List<String> ALERT_COLUMNS = List.of(
            "alert_id",
            "stream_seq",
            "station_id",
            "anomaly_score",
            "trigger_torque_nm",
            "timestamp",
            "vin",
            "firmware",
            "model_name",
            "model_version",
            "features_json",
            "merged_samples",
            "first_timestamp",
            "last_timestamp",
            "raised_at",
            "trigger_seq");
    static final List<String> SCORE_COLUMNS =
            List.of("station_id", "seq", "timestamp", "score", "torque", "vin", "model_name", "model_version");
    static final List<String> TIGHTENING_COLUMNS = List.of(
            "station_id",
            "tightening_id",
            "timestamp",
            "ok",
            "final_torque",
            "final_angle_deg",
            "torque_min",
            "torque_max",
            "torque_target",
            "duration_ms",
            "vin_reported",
            "vin",
            "controller",
            "spindle",
            "source",
            "raw_status");

    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordTables() {}

    /**
     * Alerts take VIN and firmware from the event-time join where it knows the vehicle at the alert's timestamp,
     * because the scorer tracks only the current occupant, which is wrong for a late sample. Where the join knows no
     * vehicle, the scorer's values are kept.
     *
     * <p>Unlike telemetry, an alert is not held for the grace period: it is stored at once with what is known, and
     * {@link RecordCorrections} rewrites it when a later MES event names the vehicle of its time.
     */
    static RecordConsumer.RowEncoder alerts(MesContext context) {
        return (message, out) -> {
            DefectAlert alert = parse(message, DefectAlert.newBuilder(), "DefectAlert");
            requireField("alert_id", alert.getAlertId());
            requireField("station_id", alert.getStationId());
            Enrichment known = context.enrich(alert.getStationId(), alert.getTimestamp());
            boolean joined = !known.vin().isBlank();
            out.string(alert.getAlertId())
                    .int64(message.metaData().streamSequence())
                    .string(alert.getStationId())
                    .float64(alert.getAnomalyScore())
                    .float64(alert.getTriggerTorqueNm())
                    .int64(alert.getTimestamp())
                    .string(joined ? known.vin() : alert.getVin())
                    .string(joined ? known.firmware() : alert.getFirmware())
                    .string(alert.getModelName())
                    .string(alert.getModelVersion())
                    .string(featuresJson(alert))
                    .int32(alert.getMergedSamples())
                    .int64(alert.getFirstTimestamp())
                    .int64(alert.getLastTimestamp())
                    .int64(alert.getRaisedAt())
                    .int64(alert.getTriggerSeq());
            out.endRow();
        };
    }

    static RecordConsumer.RowEncoder scores() {
        return (message, out) -> {
            AnomalyScore score = parse(message, AnomalyScore.newBuilder(), "AnomalyScore");
            requireField("station_id", score.getStationId());
            out.string(score.getStationId())
                    .int64(score.getSeq() != 0 ? score.getSeq() : score.getTimestamp())
                    .int64(score.getTimestamp())
                    .float64(score.getScore())
                    .float64(score.getTorque())
                    .string(score.getVin())
                    .string(score.getModelName())
                    .string(score.getModelVersion());
            out.endRow();
        };
    }

    /** vin is the VIN that occupied the station at the result's timestamp; vin_reported is what the tool sent. */
    static RecordConsumer.RowEncoder tightening(MesContext context) {
        return (message, out) -> {
            TighteningResult result = parse(message, TighteningResult.newBuilder(), "TighteningResult");
            requireField("station_id", result.getStationId());
            requireField("tightening_id", result.getTighteningId());
            Enrichment known = context.enrich(result.getStationId(), result.getTimestamp());
            out.string(result.getStationId())
                    .string(result.getTighteningId())
                    .int64(result.getTimestamp())
                    .uint8(result.getOk())
                    .float64(result.getFinalTorque())
                    .float64(result.getFinalAngleDeg())
                    .float64(result.getTorqueMin())
                    .float64(result.getTorqueMax())
                    .float64(result.getTorqueTarget())
                    .int64(result.getDurationMs())
                    .string(result.getVinReported())
                    .string(known.vin())
                    .string(result.getController())
                    .int32(result.getSpindle())
                    .string(result.getSource())
                    .string(result.getRawStatus());
            out.endRow();
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends com.google.protobuf.Message> T parse(Message message, Builder builder, String type) {
        byte[] body = message.getData();
        String contentType =
                message.getHeaders() == null ? null : message.getHeaders().getFirst(TelemetryCodec.CONTENT_TYPE);
        boolean json =
                contentType != null ? contentType.startsWith(TelemetryCodec.JSON) : body.length > 0 && body[0] == '{';
        try {
            if (json) {
                JSON.merge(new String(body, StandardCharsets.UTF_8), builder);
            } else {
                builder.mergeFrom(body);
            }
            return (T) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "body (" + body.length + " bytes) is not a valid " + type + ": " + e.getMessage(), e);
        }
    }

    private static void requireField(String field, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " '' is invalid: must be set");
        }
    }

    private static String featuresJson(DefectAlert alert) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(alert.getFeaturesMap()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("features cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
