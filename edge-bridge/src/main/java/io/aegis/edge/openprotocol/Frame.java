package io.aegis.edge.openprotocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One Open Protocol message: the 20-byte header and the data that follows it, without the NUL terminator.
 *
 * <p>Header layout (ASCII): length (4 digits, header plus data, terminator excluded), MID (4), revision (3, blank
 * means 1), no-ack flag (1), station id (2), spindle id (2), sequence number (2), number of message parts (1),
 * message part number (1). Blank optional fields read as 0.
 */
record Frame(int mid, int revision, boolean noAck, int stationId, int spindleId, byte[] data) {

    static final int HEADER_LENGTH = 20;
    static final byte TERMINATOR = 0;

    /** Returns the data as ISO-8859-1 text, so every byte maps to one character and positions stay aligned. */
    String text() {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /** Encodes the frame with its length prefix and NUL terminator. */
    byte[] encode() {
        int length = HEADER_LENGTH + data.length;
        String header = String.format(
                "%04d%04d%03d%s%02d%02d%2s%1s%1s",
                length, mid, revision, noAck ? "1" : " ", stationId, spindleId, "", "", "");
        byte[] out = Arrays.copyOf(header.getBytes(StandardCharsets.US_ASCII), length + 1);
        System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
        out[length] = TERMINATOR;
        return out;
    }

    static Frame of(int mid, int revision, String data) {
        return new Frame(mid, revision, false, 0, 0, data.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame
                && mid == frame.mid
                && revision == frame.revision
                && noAck == frame.noAck
                && stationId == frame.stationId
                && spindleId == frame.spindleId
                && Arrays.equals(data, frame.data);
    }

    @Override
    public int hashCode() {
        return 31 * mid + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "MID " + String.format("%04d", mid) + " rev " + revision + " (" + data.length + " data bytes)";
    }
}
