package io.aegis.edge.openprotocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds MID 0900 revision 1 data as a controller sends it, from the public specification's field layout. */
final class TraceFrames {

    private TraceFrames() {}

    /** Builds a torque trace with a coefficient PID and one resolution field in milliseconds (unit 201). */
    static byte[] torque(long resultId, String time, double coefficient, double intervalMillis, int... raw) {
        String coefficientValue = String.valueOf(coefficient);
        String interval = String.valueOf(intervalMillis);
        StringBuilder text = new StringBuilder()
                .append(String.format("%010d", resultId))
                .append(time)
                .append("001")
                .append("02213")
                .append(String.format("%03d", coefficientValue.length()))
                .append("03")
                .append("000")
                .append("0000")
                .append(coefficientValue)
                .append("02")
                .append("01")
                .append("001")
                .append("000")
                .append("001")
                .append("00000")
                .append(String.format("%05d", raw.length - 1))
                .append(String.format("%03d", interval.length()))
                .append("03")
                .append("201")
                .append(interval)
                .append(String.format("%05d", raw.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        for (int value : raw) {
            out.write((value >> 8) & 0xFF);
            out.write(value & 0xFF);
        }
        return out.toByteArray();
    }
}
