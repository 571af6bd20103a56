package io.aegis.queryside.mes;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.aegis.proto.v1.MesEvent;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import io.aegis.queryside.clickhouse.PreparedInsert;
import io.aegis.queryside.clickhouse.RowBinaryOutput;
import io.aegis.queryside.context.Flash;
import io.aegis.queryside.context.MesContext;
import io.aegis.queryside.context.Visit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one applied MES event into rows of the MES read models: the event itself (mes_events), occupancy intervals
 * (station_occupancy), flashes (firmware_history) and defects. Row versions are the event's JetStream stream
 * sequence, so every instance writes identical rows and a later event always wins.
 */
final class MesProjection {

    static final List<String> EVENT_COLUMNS = List.of(
            "event_id",
            "work_order_id",
            "vin",
            "aggregate_sequence",
            "event_type",
            "station_id",
            "occurred_at",
            "recorded_at",
            "corrects_event_id",
            "ecu",
            "firmware",
            "defect_code",
            "payload_json",
            "global_index",
            "issued_by",
            "correlation_id",
            "stream_seq");
    static final List<String> OCCUPANCY_COLUMNS = List.of(
            "station_id",
            "work_order_id",
            "vin",
            "arrived_at",
            "left_at",
            "arrival_event_id",
            "corrected_by",
            "superseded_by",
            "version");
    static final List<String> FIRMWARE_COLUMNS = List.of(
            "event_id",
            "work_order_id",
            "vin",
            "station_id",
            "ecu",
            "firmware",
            "result",
            "flashed_at",
            "corrected_by",
            "version");
    static final List<String> DEFECT_COLUMNS = List.of(
            "event_id",
            "work_order_id",
            "vin",
            "code",
            "description",
            "detected_at",
            "reported_at",
            "source",
            "station_id");

    private static final JsonFormat.Printer PAYLOAD_JSON =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PAYLOAD_PARSER = JsonFormat.parser().ignoringUnknownFields();

    private MesProjection() {}

    static List<PreparedInsert> rows(MesEvent event, long streamSeq, MesContext.Applied applied, String vin) {
        List<PreparedInsert> inserts = new ArrayList<>(4);
        inserts.add(eventRow(event, streamSeq, vin));
        if (!applied.visitsWritten().isEmpty() || !applied.visitsSuperseded().isEmpty()) {
            RowBinaryOutput out = new RowBinaryOutput(256);
            for (Visit visit : applied.visitsSuperseded()) {
                writeVisit(out, visit, vin, event.getEventId(), streamSeq);
            }
            for (Visit visit : applied.visitsWritten()) {
                writeVisit(out, visit, vin, "", streamSeq);
            }
            inserts.add(new PreparedInsert("station_occupancy", OCCUPANCY_COLUMNS, out.toByteArray(), out.rows()));
        }
        if (!applied.flashesWritten().isEmpty()) {
            RowBinaryOutput out = new RowBinaryOutput(256);
            for (Flash flash : applied.flashesWritten()) {
                out.string(flash.eventId())
                        .string(flash.workOrderId())
                        .string(flash.vin().isBlank() ? vin : flash.vin())
                        .string(flash.stationId())
                        .string(flash.ecu())
                        .string(flash.version())
                        .string(flash.result())
                        .int64(flash.flashedAt())
                        .string(flash.correctedBy())
                        .int64(streamSeq);
                out.endRow();
            }
            inserts.add(new PreparedInsert("firmware_history", FIRMWARE_COLUMNS, out.toByteArray(), out.rows()));
        }
        if (event.hasDefectReported()) {
            var defect = event.getDefectReported();
            RowBinaryOutput out = new RowBinaryOutput(256);
            out.string(event.getEventId())
                    .string(event.getWorkOrderId())
                    .string(vin)
                    .string(defect.getCode())
                    .string(defect.getDescription())
                    .int64(defect.getDetectedAt() != 0 ? defect.getDetectedAt() : event.getOccurredAt())
                    .int64(event.getOccurredAt())
                    .string(defect.getSource())
                    .string(defect.getStationId());
            out.endRow();
            inserts.add(new PreparedInsert("defects", DEFECT_COLUMNS, out.toByteArray(), out.rows()));
        }
        return inserts;
    }

    private static PreparedInsert eventRow(MesEvent event, long streamSeq, String vin) {
        String ecu = "";
        String firmware = "";
        if (event.hasFirmwareFlashed()) {
            ecu = event.getFirmwareFlashed().getEcu();
            firmware = event.getFirmwareFlashed().getVersion();
        } else if (event.hasFirmwareCorrected()) {
            ecu = event.getFirmwareCorrected().getEcu();
            firmware = event.getFirmwareCorrected().getVersion();
        }
        RowBinaryOutput out = new RowBinaryOutput(512);
        out.string(event.getEventId())
                .string(event.getWorkOrderId())
                .string(vin)
                .int64(event.getAggregateSequence())
                .string(eventType(event))
                .string(MesContext.stationOf(event))
                .int64(event.getOccurredAt())
                .int64(event.getRecordedAt())
                .string(event.getCorrectsEventId())
                .string(ecu)
                .string(firmware)
                .string(event.hasDefectReported() ? event.getDefectReported().getCode() : "")
                .string(payloadJson(event))
                .int64(event.getGlobalIndex())
                .string(event.getIssuedBy())
                .string(event.getCorrelationId())
                .int64(streamSeq);
        out.endRow();
        return new PreparedInsert("mes_events", EVENT_COLUMNS, out.toByteArray(), out.rows());
    }

    private static void writeVisit(RowBinaryOutput out, Visit visit, String vin, String supersededBy, long version) {
        out.string(visit.stationId())
                .string(visit.workOrderId())
                .string(visit.vin().isBlank() ? vin : visit.vin())
                .int64(visit.arrivedAt())
                .int64(visit.leftAt())
                .string(visit.arrivalEventId())
                .string(visit.correctedBy())
                .string(supersededBy)
                .int64(version);
        out.endRow();
    }

    /**
     * Returns every stored MES event of the work orders that still have an open visit, in the event store's order.
     *
     * @throws InvalidProtocolBufferException when a stored payload does not parse
     */
    static List<MesEvent> openVisitHistory(ClickHouseGateway clickHouse) throws InvalidProtocolBufferException {
        String sql = "SELECT " + String.join(", ", EVENT_COLUMNS) + " FROM " + clickHouse.table("mes_events")
                + " FINAL WHERE work_order_id IN (SELECT work_order_id FROM " + clickHouse.table("station_occupancy")
                + " FINAL WHERE left_at = 0 AND superseded_by = '') ORDER BY global_index, work_order_id,"
                + " aggregate_sequence";
        List<MesEvent> events = new ArrayList<>();
        for (JsonNode row : clickHouse.query(sql)) {
            events.add(fromStoredRow(row));
        }
        return events;
    }

    /**
     * Rebuilds an MES event from its {@code mes_events} row, the inverse of {@link #eventRow}: the columns give the
     * envelope, {@code event_type} names the payload and {@code payload_json} contains it. The {@code vin} column is the
     * VIN the event was stored with.
     *
     * @throws InvalidProtocolBufferException when {@code payload_json} does not parse as the named payload
     */
    static MesEvent fromStoredRow(JsonNode row) throws InvalidProtocolBufferException {
        MesEvent.Builder event = MesEvent.newBuilder()
                .setEventId(ClickHouseGateway.stringValue(row, "event_id"))
                .setWorkOrderId(ClickHouseGateway.stringValue(row, "work_order_id"))
                .setVin(ClickHouseGateway.stringValue(row, "vin"))
                .setAggregateSequence(ClickHouseGateway.longValue(row, "aggregate_sequence"))
                .setOccurredAt(ClickHouseGateway.longValue(row, "occurred_at"))
                .setRecordedAt(ClickHouseGateway.longValue(row, "recorded_at"))
                .setCorrectsEventId(ClickHouseGateway.stringValue(row, "corrects_event_id"))
                .setIssuedBy(ClickHouseGateway.stringValue(row, "issued_by"))
                .setCorrelationId(ClickHouseGateway.stringValue(row, "correlation_id"))
                .setGlobalIndex(ClickHouseGateway.longValue(row, "global_index"));
        FieldDescriptor payload =
                MesEvent.getDescriptor().findFieldByName(ClickHouseGateway.stringValue(row, "event_type"));
        if (payload != null && payload.getContainingOneof() != null) {
            Message.Builder body = event.newBuilderForField(payload);
            PAYLOAD_PARSER.merge(ClickHouseGateway.stringValue(row, "payload_json"), body);
            event.setField(payload, body.build());
        }
        return event.build();
    }

    /** Returns the payload case as its proto field name, for example {@code arrived} or {@code firmware_flashed}. */
    static String eventType(MesEvent event) {
        return event.getPayloadCase().name().toLowerCase(Locale.ROOT);
    }

    private static String payloadJson(MesEvent event) {
        FieldDescriptor field = event.getOneofFieldDescriptor(
                MesEvent.getDescriptor().getOneofs().get(0));
        if (field == null) {
            return "{}";
        }
        try {
            return PAYLOAD_JSON.print((Message) event.getField(field));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print payload of MES event " + event.getEventId(), e);
        }
    }
}
