package io.aegis.edge.openprotocol;

import io.aegis.contract.vin.VinCheck;
import io.aegis.contract.vin.VinPolicy;
import io.aegis.contract.vin.VinValidator;
import io.aegis.proto.v1.TighteningResult;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns the raw fields of a MID 0061 into a {@link TighteningResult}.
 *
 * <p>Torque fields are hundredths of the controller's torque unit (revision 3 and later name the unit; earlier
 * revisions are newton-metres) and are converted to newton-metres. Angles are whole degrees, except the final angle of
 * revision 7, which has two decimals. Timestamps are the controller's local time without a zone and are read in the
 * configured zone. Status fields and bitfields are copied unchanged into {@code raw_status}, followed by the result
 * of the shared VIN validator.
 */
final class ResultMapper {

    private static final DateTimeFormatter CONTROLLER_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd:HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    /** Newton-metres per unit, by the MID 0061 torque unit code: 1 Nm, 2 lbf.ft, 3 lbf.in, 4 kpm. */
    private static final double[] NEWTON_METRES_PER_UNIT = {Double.NaN, 1.0, 1.3558179483, 0.1129848290, 9.80665};

    private final String stationId;
    private final ZoneId zone;
    private final String source;

    ResultMapper(String stationId, ZoneId zone, String source) {
        this.stationId = stationId;
        this.zone = zone;
        this.source = source;
    }

    /**
     * Maps the fields of one result.
     *
     * @throws IllegalArgumentException naming the field and value when a number or the timestamp cannot be read
     */
    TighteningResult map(Map<String, String> fields, int spindle) {
        double unit = torqueUnit(fields);
        String vin = fields.get("vin").strip();
        TighteningResult.Builder result = TighteningResult.newBuilder()
                .setStationId(stationId)
                .setTighteningId(tighteningId(fields.get("tightening_id")))
                .setTimestamp(timestamp("timestamp", fields.get("timestamp")))
                .setOk("1".equals(fields.get("tightening_status")))
                .setFinalTorque(hundredths("torque", fields.get("torque")) * unit)
                .setFinalAngleDeg(finalAngle(fields))
                .setTorqueMin(hundredths("torque_min", fields.get("torque_min")) * unit)
                .setTorqueMax(hundredths("torque_max", fields.get("torque_max")) * unit)
                .setTorqueTarget(hundredths("torque_target", fields.get("torque_target")) * unit)
                .setVinReported(vin)
                .setController(fields.get("controller_name").strip())
                .setSpindle(spindle > 0 ? spindle : (int) integer("channel_id", fields.get("channel_id")))
                .setSource(source)
                .setRawStatus(rawStatus(fields) + ";" + vinCheck(vin));
        return result.build();
    }

    private double torqueUnit(Map<String, String> fields) {
        String code = fields.get("torque_unit");
        if (code == null) {
            return 1.0;
        }
        long value = integer("torque_unit", code);
        if (value < 1 || value >= NEWTON_METRES_PER_UNIT.length) {
            throw new IllegalArgumentException(
                    "torque_unit '" + code + "' is invalid: expected 1 (Nm), 2 (lbf.ft), 3 (lbf.in) or 4 (kpm)");
        }
        return NEWTON_METRES_PER_UNIT[(int) value];
    }

    private double finalAngle(Map<String, String> fields) {
        String decimal = fields.get("final_angle_decimal");
        if (decimal != null && !decimal.isBlank()) {
            return hundredths("final_angle_decimal", decimal);
        }
        return integer("angle", fields.get("angle"));
    }

    private static String tighteningId(String value) {
        long id = integer("tightening_id", value);
        return Long.toString(id);
    }

    long timestamp(String field, String value) {
        try {
            return LocalDateTime.parse(value, CONTROLLER_TIME)
                    .atZone(zone)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + Printable.of(value)
                    + "' is invalid: expected controller local time YYYY-MM-DD:HH:MM:SS");
        }
    }

    static double hundredths(String field, String value) {
        return integer(field, value) / 100.0;
    }

    static long integer(String field, String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')) {
            throw new IllegalArgumentException(field + " '" + Printable.of(value) + "' is invalid: expected digits");
        }
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + Printable.of(value) + "' is invalid: expected digits");
        }
    }

    /**
     * Returns the shared VIN validator's verdict as {@code vin_check=...}: {@code ok}, the flags of an accepted VIN, or
     * the rejection code. The result is stored either way, because the tightening happened whatever was scanned; the
     * VIN stays as sent in {@code vin_reported}, next to the MES VIN joined downstream.
     */
    static String vinCheck(String vin) {
        if (vin.isEmpty()) {
            return "vin_check=missing";
        }
        VinCheck check = VinValidator.validate(vin, VinPolicy.STRICT);
        if (!check.accepted()) {
            return "vin_check=" + check.rejections().get(0).code().name();
        }
        if (!check.flags().isEmpty()) {
            StringJoiner flags = new StringJoiner(",");
            check.flags().forEach(flag -> flags.add(flag.name()));
            return "vin_check=ok," + flags;
        }
        return "vin_check=ok";
    }

    /**
     * Returns every status field and bitfield as {@code name=value} pairs joined by {@code ;}. The error bitfields are
     * decimal numbers of 32 bits; their set bits are listed as {@code name_bits}, or {@code unreadable} where the field
     * does not hold digits.
     */
    static String rawStatus(Map<String, String> fields) {
        StringJoiner raw = new StringJoiner(";");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String name = field.getKey();
            if (name.endsWith("_status")
                    || name.equals("tightening_error_status_2")
                    || name.equals("customer_error_code")) {
                raw.add(name + "=" + Printable.of(field.getValue()));
                if (name.startsWith("tightening_error_status")) {
                    raw.add(name + "_bits=" + setBits(field.getValue()));
                }
            }
        }
        return raw.toString();
    }

    private static String setBits(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "unreadable";
        }
        long bits = Long.parseLong(trimmed);
        StringJoiner set = new StringJoiner(",");
        for (int bit = 0; bit < 64; bit++) {
            if ((bits & (1L << bit)) != 0) {
                set.add(Integer.toString(bit + 1));
            }
        }
        return set.toString();
    }
}
