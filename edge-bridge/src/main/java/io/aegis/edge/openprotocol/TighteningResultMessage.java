package io.aegis.edge.openprotocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field layout of MID 0061 "Last tightening result data", revisions 1 to 7, and its parser.
 *
 * <p>Every field is preceded by its 2-digit parameter number, and the parser checks each one, so a field that is
 * shifted or missing is reported by name instead of being read from the wrong place. Revision 1 has its own layout;
 * revision 2 starts a new one, and revisions 3 to 7 each append fields to the revision before.
 */
final class TighteningResultMessage {

    record Field(int number, String name, int width) {}

    private static final List<Field> REVISION_1 = List.of(
            new Field(1, "cell_id", 4),
            new Field(2, "channel_id", 2),
            new Field(3, "controller_name", 25),
            new Field(4, "vin", 25),
            new Field(5, "job_id", 2),
            new Field(6, "parameter_set_id", 3),
            new Field(7, "batch_size", 4),
            new Field(8, "batch_counter", 4),
            new Field(9, "tightening_status", 1),
            new Field(10, "torque_status", 1),
            new Field(11, "angle_status", 1),
            new Field(12, "torque_min", 6),
            new Field(13, "torque_max", 6),
            new Field(14, "torque_target", 6),
            new Field(15, "torque", 6),
            new Field(16, "angle_min", 5),
            new Field(17, "angle_max", 5),
            new Field(18, "angle_target", 5),
            new Field(19, "angle", 5),
            new Field(20, "timestamp", 19),
            new Field(21, "parameter_set_changed", 19),
            new Field(22, "batch_status", 1),
            new Field(23, "tightening_id", 10));

    private static final List<Field> REVISION_2 = List.of(
            new Field(1, "cell_id", 4),
            new Field(2, "channel_id", 2),
            new Field(3, "controller_name", 25),
            new Field(4, "vin", 25),
            new Field(5, "job_id", 4),
            new Field(6, "parameter_set_id", 3),
            new Field(7, "strategy", 2),
            new Field(8, "strategy_options", 5),
            new Field(9, "batch_size", 4),
            new Field(10, "batch_counter", 4),
            new Field(11, "tightening_status", 1),
            new Field(12, "batch_status", 1),
            new Field(13, "torque_status", 1),
            new Field(14, "angle_status", 1),
            new Field(15, "rundown_angle_status", 1),
            new Field(16, "current_monitoring_status", 1),
            new Field(17, "self_tap_status", 1),
            new Field(18, "prevail_torque_monitoring_status", 1),
            new Field(19, "prevail_torque_compensate_status", 1),
            new Field(20, "tightening_error_status", 10),
            new Field(21, "torque_min", 6),
            new Field(22, "torque_max", 6),
            new Field(23, "torque_target", 6),
            new Field(24, "torque", 6),
            new Field(25, "angle_min", 5),
            new Field(26, "angle_max", 5),
            new Field(27, "angle_target", 5),
            new Field(28, "angle", 5),
            new Field(29, "rundown_angle_min", 5),
            new Field(30, "rundown_angle_max", 5),
            new Field(31, "rundown_angle", 5),
            new Field(32, "current_monitoring_min", 3),
            new Field(33, "current_monitoring_max", 3),
            new Field(34, "current_monitoring_value", 3),
            new Field(35, "self_tap_min", 6),
            new Field(36, "self_tap_max", 6),
            new Field(37, "self_tap_torque", 6),
            new Field(38, "prevail_torque_monitoring_min", 6),
            new Field(39, "prevail_torque_monitoring_max", 6),
            new Field(40, "prevail_torque", 6),
            new Field(41, "tightening_id", 10),
            new Field(42, "job_sequence_number", 5),
            new Field(43, "sync_tightening_id", 5),
            new Field(44, "tool_serial_number", 14),
            new Field(45, "timestamp", 19),
            new Field(46, "parameter_set_changed", 19));

    private static final List<List<Field>> ADDED_AFTER_2 = List.of(
            List.of(
                    new Field(47, "parameter_set_name", 25),
                    new Field(48, "torque_unit", 1),
                    new Field(49, "result_type", 2)),
            List.of(
                    new Field(50, "identifier_part_2", 25),
                    new Field(51, "identifier_part_3", 25),
                    new Field(52, "identifier_part_4", 25)),
            List.of(new Field(53, "customer_error_code", 4)),
            List.of(
                    new Field(54, "prevail_torque_compensate_value", 6),
                    new Field(55, "tightening_error_status_2", 10)),
            List.of(new Field(56, "compensated_angle", 7), new Field(57, "final_angle_decimal", 7)));

    static final int MAX_REVISION = 7;

    private TighteningResultMessage() {}

    static List<Field> layout(int revision) {
        if (revision < 1 || revision > MAX_REVISION) {
            throw new IllegalArgumentException(
                    "MID 0061 revision " + revision + " is not supported: use 1 to " + MAX_REVISION);
        }
        if (revision == 1) {
            return REVISION_1;
        }
        List<Field> fields = new ArrayList<>(REVISION_2);
        for (int added = 3; added <= revision; added++) {
            fields.addAll(ADDED_AFTER_2.get(added - 3));
        }
        return fields;
    }

    /** Returns the data length of a revision: each field's width plus its 2-digit parameter number. */
    static int dataLength(int revision) {
        return layout(revision).stream().mapToInt(f -> f.width() + 2).sum();
    }

    /**
     * Splits MID 0061 data into raw field values keyed by field name, in layout order.
     *
     * @throws IllegalArgumentException naming the field when the data is too short or too long, or a parameter number is
     *     wrong
     */
    static Map<String, String> parse(int revision, String data) {
        if (data.length() > dataLength(revision)) {
            throw new IllegalArgumentException("MID 0061 revision " + revision + " has " + data.length()
                    + " data bytes, expected " + dataLength(revision));
        }
        Map<String, String> values = new LinkedHashMap<>();
        int position = 0;
        for (Field field : layout(revision)) {
            if (data.length() < position + 2 + field.width()) {
                throw new IllegalArgumentException("MID 0061 revision " + revision + " data ends before field "
                        + field.number() + " (" + field.name() + "): " + data.length() + " bytes, expected "
                        + dataLength(revision));
            }
            String number = data.substring(position, position + 2);
            if (!number.equals(String.format("%02d", field.number()))) {
                throw new IllegalArgumentException("MID 0061 revision " + revision + " has parameter number '"
                        + Printable.of(number) + "' at byte " + position + ", expected "
                        + String.format("%02d", field.number()) + " (" + field.name() + ")");
            }
            values.put(field.name(), data.substring(position + 2, position + 2 + field.width()));
            position += 2 + field.width();
        }
        return values;
    }
}
