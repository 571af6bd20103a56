package io.aegis.edge.openprotocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser for MID 0900 "Trace curve data", revision 1, received through the generic subscription MID 0008.
 *
 * <p>Layout: result id (10), time stamp (19), number of PID fields (3) and the fields, trace type (2), transducer
 * type (2), unit (3), number of data fields (3) and the fields, number of resolution fields (3) and the fields, number
 * of samples (5), a NUL, then the samples as 2-byte binary values. A PID or data field is PID (5), length (3), data
 * type (2), unit (3), step number (4) and a value of that length. A resolution field is first index (5), last index
 * (5), length (3), data type (2), unit (3) and a time value of that length.
 *
 * <p>NOTE: sample values are read as signed big-endian 16-bit integers multiplied by the coefficient field (PID
 * 02213, 1 when absent), and the resolution unit 200 as seconds, 201 as milliseconds; this follows a reading of the
 * public specification that has not been checked against a real controller.
 */
final class TraceMessage {

    static final int TRACE_TYPE_ANGLE = 1;
    static final int TRACE_TYPE_TORQUE = 2;
    static final String COEFFICIENT_PID = "02213";

    private final byte[] data;
    private int position;

    private TraceMessage(byte[] data) {
        this.data = data;
    }

    /**
     * One curve.
     *
     * @param resultId tightening id of the result the curve belongs to
     * @param timestamp controller local time of the first sample, YYYY-MM-DD:HH:MM:SS
     * @param intervalMillis time between samples
     */
    record Trace(
            long resultId, String timestamp, int traceType, String unit, double intervalMillis, List<Double> values) {}

    /** Parses MID 0900 data; throws {@link IllegalArgumentException} naming the field that cannot be read. */
    static Trace parse(byte[] data) {
        return new TraceMessage(data).read();
    }

    private Trace read() {
        long resultId = ResultMapper.integer("result_id", text(10, "result_id"));
        String timestamp = text(19, "time_stamp");

        double coefficient = 1.0;
        int pids = count(3, "number_of_pids");
        for (int i = 0; i < pids; i++) {
            coefficient = readParameter(coefficient);
        }
        int traceType = count(2, "trace_type");
        count(2, "transducer_type");
        String unit = text(3, "unit");
        int dataFields = count(3, "number_of_data_fields");
        for (int i = 0; i < dataFields; i++) {
            coefficient = readParameter(coefficient);
        }

        int resolutions = count(3, "number_of_resolution_fields");
        double interval = 1.0;
        for (int i = 0; i < resolutions; i++) {
            double fieldInterval = readResolution();
            if (i == 0) {
                interval = fieldInterval;
            }
        }

        int samples = count(5, "number_of_samples");
        if (position >= data.length || data[position] != 0) {
            throw new IllegalArgumentException("MID 0900 has no NUL before the trace samples at byte " + position);
        }
        position++;
        if (data.length - position < 2L * samples) {
            throw new IllegalArgumentException("MID 0900 announces " + samples + " samples but carries "
                    + (data.length - position) + " bytes of sample data");
        }
        List<Double> values = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            short raw = (short) (((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF));
            values.add(raw * coefficient);
            position += 2;
        }
        return new Trace(resultId, timestamp, traceType, unit, interval, values);
    }

    private double readParameter(double coefficient) {
        String pid = text(5, "pid");
        int length = count(3, "pid_length");
        text(2, "pid_data_type");
        text(3, "pid_unit");
        text(4, "pid_step_number");
        String value = text(length, "pid_value");
        if (COEFFICIENT_PID.equals(pid)) {
            return decimal("coefficient", value);
        }
        return coefficient;
    }

    private double readResolution() {
        count(5, "first_index");
        count(5, "last_index");
        int length = count(3, "resolution_length");
        text(2, "resolution_data_type");
        String unit = text(3, "resolution_unit");
        double value = decimal("time_value", text(length, "time_value"));
        return "200".equals(unit) ? value * 1000 : value;
    }

    private String text(int width, String field) {
        if (position + width > data.length) {
            throw new IllegalArgumentException(
                    "MID 0900 ends inside field " + field + " at byte " + position + " (" + data.length + " bytes)");
        }
        String value = new String(data, position, width, StandardCharsets.ISO_8859_1);
        position += width;
        return value;
    }

    private int count(int width, String field) {
        return (int) ResultMapper.integer(field, text(width, field));
    }

    private static double decimal(String field, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + Printable.of(value) + "' is invalid: expected a number");
        }
    }
}
