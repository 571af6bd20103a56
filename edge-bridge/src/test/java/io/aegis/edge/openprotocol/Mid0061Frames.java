package io.aegis.edge.openprotocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds MID 0061 frames as a controller sends them, field by field from the public specification's layout (written
 * out here independently of the parser's table, so a wrong width in either shows up as a test failure).
 */
final class Mid0061Frames {

    private Mid0061Frames() {}

    /** Widths of parameters 01 to 23 in revision 1. */
    private static final int[] REVISION_1 = {4, 2, 25, 25, 2, 3, 4, 4, 1, 1, 1, 6, 6, 6, 6, 5, 5, 5, 5, 19, 19, 1, 10};

    /** Widths of parameters 01 to 46 in revision 2. */
    private static final int[] REVISION_2 = {
        4, 2, 25, 25, 4, 3, 2, 5, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 3, 3, 3, 6, 6,
        6, 6, 6, 6, 10, 5, 5, 14, 19, 19
    };

    /** Widths of parameters 47 to 57, added by revisions 3 (47-49), 4 (50-52), 5 (53), 6 (54-55) and 7 (56-57). */
    private static final int[] LATER = {25, 1, 2, 25, 25, 25, 4, 6, 10, 7, 7};

    private static final int[] LAST_PARAMETER = {0, 23, 46, 49, 52, 53, 55, 57};

    /** Values by parameter number; unset parameters are filled with zeros (numbers) as a controller would. */
    static Map<Integer, String> result(
            int revision, String vin, boolean ok, int torqueHundredths, int angle, String time, long id) {
        Map<Integer, String> values = new LinkedHashMap<>();
        values.put(1, "0001");
        values.put(2, "01");
        values.put(3, "Test controller");
        values.put(4, vin);
        if (revision == 1) {
            values.put(9, ok ? "1" : "0");
            values.put(12, "004000");
            values.put(13, "005000");
            values.put(14, "004500");
            values.put(15, String.format("%06d", torqueHundredths));
            values.put(19, String.format("%05d", angle));
            values.put(20, time);
            values.put(21, time);
            values.put(23, String.format("%010d", id));
        } else {
            values.put(11, ok ? "1" : "0");
            values.put(20, "0000000000");
            values.put(21, "004000");
            values.put(22, "005000");
            values.put(23, "004500");
            values.put(24, String.format("%06d", torqueHundredths));
            values.put(28, String.format("%05d", angle));
            values.put(41, String.format("%010d", id));
            values.put(45, time);
            values.put(46, time);
            if (revision >= 3) {
                values.put(47, "PSET 1");
                values.put(48, "1");
                values.put(49, "01");
            }
            if (revision >= 6) {
                values.put(55, "0000000000");
            }
            if (revision >= 7) {
                values.put(57, String.format("%07d", angle * 100 + 25));
            }
        }
        return values;
    }

    static String data(int revision, Map<Integer, String> values) {
        StringBuilder data = new StringBuilder();
        for (int parameter = 1; parameter <= LAST_PARAMETER[revision]; parameter++) {
            int width = width(revision, parameter);
            String value = values.getOrDefault(parameter, "");
            boolean text = parameter == 3 || parameter == 4 || parameter == 47 || (parameter >= 50 && parameter <= 53);
            String padded = text ? String.format("%-" + width + "s", value) : zeroPad(value, width);
            data.append(String.format("%02d", parameter)).append(padded, 0, width);
        }
        return data.toString();
    }

    private static String zeroPad(String value, int width) {
        if (value.length() >= width) {
            return value;
        }
        return "0".repeat(width - value.length()) + value;
    }

    private static int width(int revision, int parameter) {
        if (revision == 1) {
            return REVISION_1[parameter - 1];
        }
        return parameter <= 46 ? REVISION_2[parameter - 1] : LATER[parameter - 47];
    }

    /** Builds a complete frame: header with the given revision text (3 characters, may be blank), data and NUL. */
    static byte[] frame(int mid, String revisionText, byte[] data) {
        int length = 20 + data.length;
        String header = String.format("%04d%04d%3s %02d%02d    ", length, mid, revisionText, 0, 0);
        byte[] frame = new byte[length + 1];
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, frame, 0, 20);
        System.arraycopy(data, 0, frame, 20, data.length);
        return frame;
    }

    static byte[] frame(int mid, int revision, String data) {
        return frame(mid, String.format("%03d", revision), data.getBytes(StandardCharsets.ISO_8859_1));
    }

    static List<byte[]> split(byte[] bytes, int... cuts) {
        List<byte[]> parts = new ArrayList<>();
        int previous = 0;
        for (int cut : cuts) {
            parts.add(java.util.Arrays.copyOfRange(bytes, previous, cut));
            previous = cut;
        }
        parts.add(java.util.Arrays.copyOfRange(bytes, previous, bytes.length));
        return parts;
    }
}
