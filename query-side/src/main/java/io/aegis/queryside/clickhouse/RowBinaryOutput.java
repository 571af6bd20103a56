package io.aegis.queryside.clickhouse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes rows in ClickHouse's RowBinary format: fixed-width little-endian numbers and strings as an unsigned LEB128
 * length followed by UTF-8 bytes. Columns must be written in the order of the insert's column list.
 */
public final class RowBinaryOutput {

    private final ByteArrayOutputStream out;
    private int rows;

    public RowBinaryOutput(int initialBytes) {
        this.out = new ByteArrayOutputStream(initialBytes);
    }

    public RowBinaryOutput string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long length = bytes.length;
        while ((length & ~0x7FL) != 0) {
            out.write((int) ((length & 0x7F) | 0x80));
            length >>>= 7;
        }
        out.write((int) length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** Int64 or UInt64 (the bits are the same). */
    public RowBinaryOutput int64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    /** Int32 or UInt32. */
    public RowBinaryOutput int32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    public RowBinaryOutput uint8(boolean value) {
        out.write(value ? 1 : 0);
        return this;
    }

    public RowBinaryOutput float64(double value) {
        return int64(Double.doubleToRawLongBits(value));
    }

    /** Marks the end of one row; only counts rows. */
    public void endRow() {
        rows++;
    }

    public int rows() {
        return rows;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
