package io.aegis.queryside.clickhouse;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads ClickHouse RowBinary output column by column; the caller knows the column types from its SELECT list. */
public final class RowBinaryInput {

    private final DataInputStream in;
    private final byte[] eight = new byte[8];

    public RowBinaryInput(InputStream in) {
        this.in = new DataInputStream(new BufferedInputStream(in));
    }

    /** Returns whether another row follows. */
    public boolean hasNext() throws IOException {
        in.mark(1);
        int next = in.read();
        if (next < 0) {
            return false;
        }
        in.reset();
        return true;
    }

    public String string() throws IOException {
        long length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            length |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] bytes = new byte[Math.toIntExact(length)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Int64 or UInt64. */
    public long int64() throws IOException {
        in.readFully(eight);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (eight[i] & 0xFF);
        }
        return value;
    }

    public double float64() throws IOException {
        return Double.longBitsToDouble(int64());
    }

    public boolean uint8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("RowBinary row ended inside a UInt8 column");
        }
        return b != 0;
    }
}
