package io.aegis.edge.openprotocol;

/** Renders bytes from a controller as text, escaping anything outside printable ASCII as {@code \xNN}. */
final class Printable {

    private Printable() {}

    static String of(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int value = b & 0xFF;
            if (value >= 0x20 && value < 0x7F && value != '\\') {
                text.append((char) value);
            } else {
                text.append(String.format("\\x%02X", value));
            }
        }
        return text.toString();
    }

    static String of(String latin1) {
        return of(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
