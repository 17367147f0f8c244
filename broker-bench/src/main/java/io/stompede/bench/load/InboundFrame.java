package io.stompede.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * A received frame as a view over the client's read buffer, valid only during the call that
 * hands it out: nothing is copied unless a header or the body is asked for.
 */
final class InboundFrame {
    enum Kind { CONNECTED, MESSAGE, RECEIPT, ERROR, OTHER }

    byte[] bytes;
    int start;
    int headersEnd;
    int bodyStart;
    int bodyEnd;
    Kind kind;

    void set(byte[] bytes, int start, int headersEnd, int bodyStart, int bodyEnd) {
        this.bytes = bytes;
        this.start = start;
        this.headersEnd = headersEnd;
        this.bodyStart = bodyStart;
        this.bodyEnd = bodyEnd;
        this.kind = kindOf(bytes, start);
    }

    private static Kind kindOf(byte[] b, int at) {
        return switch (b[at]) {
            case 'M' -> Kind.MESSAGE;
            case 'R' -> Kind.RECEIPT;
            case 'E' -> Kind.ERROR;
            case 'C' -> Kind.CONNECTED;
            default -> Kind.OTHER;
        };
    }

    /** The first value of header {@code name}, or null. */
    String header(String name) {
        byte[] key = (name + ":").getBytes(StandardCharsets.US_ASCII);
        int line = indexOf(bytes, (byte) '\n', start, headersEnd) + 1;
        while (line > 0 && line < headersEnd) {
            int end = indexOf(bytes, (byte) '\n', line, headersEnd);
            if (end < 0) {
                end = headersEnd;
            }
            if (startsWith(line, end, key)) {
                int valueEnd = end > line && bytes[end - 1] == '\r' ? end - 1 : end;
                return new String(bytes, line + key.length, valueEnd - line - key.length, StandardCharsets.UTF_8);
            }
            line = end + 1;
        }
        return null;
    }

    String body() {
        return new String(bytes, bodyStart, bodyEnd - bodyStart, StandardCharsets.UTF_8);
    }

    private boolean startsWith(int from, int end, byte[] key) {
        if (end - from < key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (bytes[from + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
