package io.aegis.edge.openprotocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into Open Protocol frames.
 *
 * <p>A frame is accepted when its 4-digit length prefix points exactly at a NUL terminator. Anything else is
 * malformed: the decoder reports it and resynchronises after the next NUL, which ends every frame. A frame whose
 * declared length runs past a NUL that is followed by a complete valid frame is treated as truncated at once, so a
 * short frame does not hold back the ones after it. Binary data (MID 0900 trace samples, or stray bytes in a bitfield)
 * may contain NUL bytes, which is why the length, not the first NUL, decides where a frame ends.
 */
final class FrameDecoder {

    /** Maximum frame length, because Open Protocol's length field has 4 digits. */
    private static final int MAX_LENGTH = 9999;

    private byte[] buffer = new byte[0];

    /** A frame that could not be decoded, with the reason and the bytes dropped. */
    record Malformed(String reason, byte[] dropped) {}

    /** Frames and malformed chunks decoded from the bytes received so far, in arrival order. */
    record Result(List<Frame> frames, List<Malformed> malformed) {}

    /** Appends received bytes and returns what can be decoded now; an incomplete frame stays buffered. */
    Result feed(byte[] bytes, int count) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream(buffer.length + count);
        joined.write(buffer, 0, buffer.length);
        joined.write(bytes, 0, count);
        buffer = joined.toByteArray();
        List<Frame> frames = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        int position = 0;
        while (position < buffer.length) {
            int consumed = decodeAt(position, frames, malformed);
            if (consumed == 0) {
                break;
            }
            position += consumed;
        }
        buffer = java.util.Arrays.copyOfRange(buffer, position, buffer.length);
        return new Result(frames, malformed);
    }

    /** Returns the bytes consumed at {@code start}, or 0 when more input is needed. */
    private int decodeAt(int start, List<Frame> frames, List<Malformed> malformed) {
        int available = buffer.length - start;
        if (available < 4) {
            return digits(start, available)
                    ? 0
                    : dropToNextTerminator(start, "length prefix is not 4 digits", malformed);
        }
        if (!digits(start, 4)) {
            return dropToNextTerminator(
                    start, "length prefix '" + printable(start, 4) + "' is not 4 digits", malformed);
        }
        int length = Integer.parseInt(ascii(start, 4));
        if (length < Frame.HEADER_LENGTH || length > MAX_LENGTH) {
            return dropToNextTerminator(start, "length " + length + " is shorter than the 20-byte header", malformed);
        }
        if (available < length + 1) {
            int truncatedAt = terminatorFollowedByFrame(start, available);
            if (truncatedAt >= 0) {
                return drop(
                        start,
                        truncatedAt + 1 - start,
                        "length " + length + " but the frame ends after " + (truncatedAt - start) + " bytes",
                        malformed);
            }
            return 0;
        }
        if (buffer[start + length] != Frame.TERMINATOR) {
            return dropToNextTerminator(start, "length " + length + " does not end at a NUL terminator", malformed);
        }
        try {
            frames.add(parseHeader(start, length));
        } catch (IllegalArgumentException e) {
            return drop(start, length + 1, e.getMessage(), malformed);
        }
        return length + 1;
    }

    private Frame parseHeader(int start, int length) {
        String header = ascii(start, Frame.HEADER_LENGTH);
        int mid = number(header, 4, 4, "MID", -1);
        int revision = number(header, 8, 3, "revision", 1);
        if (revision == 0) {
            // Revision "000" is sent by some integrators for "revision 1".
            revision = 1;
        }
        char noAck = header.charAt(11);
        if (noAck != ' ' && noAck != '0' && noAck != '1') {
            throw new IllegalArgumentException("no-ack flag '" + noAck + "' is not blank, 0 or 1");
        }
        int station = number(header, 12, 2, "station id", 0);
        int spindle = number(header, 14, 2, "spindle id", 0);
        byte[] data = java.util.Arrays.copyOfRange(buffer, start + Frame.HEADER_LENGTH, start + length);
        return new Frame(mid, revision, noAck == '1', station, spindle, data);
    }

    private static int number(String header, int offset, int width, String field, int blankValue) {
        String value = header.substring(offset, offset + width);
        if (value.isBlank()) {
            if (blankValue < 0) {
                throw new IllegalArgumentException(field + " is blank");
            }
            return blankValue;
        }
        String trimmed = value.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            if (!Character.isDigit(trimmed.charAt(i)) || trimmed.charAt(i) > '9') {
                throw new IllegalArgumentException(field + " '" + value + "' is not a number");
            }
        }
        return Integer.parseInt(trimmed);
    }

    /** Returns the position of a NUL inside the pending frame that is followed by a complete valid frame, or -1. */
    private int terminatorFollowedByFrame(int start, int available) {
        for (int p = start + 4; p < start + available; p++) {
            if (buffer[p] == Frame.TERMINATOR && completeFrameAt(p + 1)) {
                return p;
            }
        }
        return -1;
    }

    private boolean completeFrameAt(int position) {
        if (buffer.length - position < Frame.HEADER_LENGTH + 1 || !digits(position, 8)) {
            return false;
        }
        int length = Integer.parseInt(ascii(position, 4));
        return length >= Frame.HEADER_LENGTH
                && position + length < buffer.length
                && buffer[position + length] == Frame.TERMINATOR;
    }

    private int dropToNextTerminator(int start, String reason, List<Malformed> malformed) {
        for (int p = start; p < buffer.length; p++) {
            if (buffer[p] == Frame.TERMINATOR) {
                return drop(start, p + 1 - start, reason, malformed);
            }
        }
        // No terminator yet: drop what arrived, because nothing before the next NUL can start a frame.
        return drop(start, buffer.length - start, reason, malformed);
    }

    private int drop(int start, int count, String reason, List<Malformed> malformed) {
        malformed.add(new Malformed(reason, java.util.Arrays.copyOfRange(buffer, start, start + count)));
        return count;
    }

    private boolean digits(int start, int count) {
        for (int i = start; i < start + count; i++) {
            if (buffer[i] < '0' || buffer[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private String ascii(int start, int count) {
        return new String(buffer, start, count, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private String printable(int start, int count) {
        return Printable.of(java.util.Arrays.copyOfRange(buffer, start, start + count));
    }

    /** Bytes held for an incomplete frame. */
    int buffered() {
        return buffer.length;
    }
}
