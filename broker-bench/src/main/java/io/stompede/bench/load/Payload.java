package io.stompede.bench.load;

import java.nio.ByteBuffer;

/**
 * The body of every message the tool sends: {@code origin,sequence,nanoTime,} in ASCII, padded
 * to the configured size. The origin and sequence let the queue scenario count loss and
 * duplicates; the send time (on this JVM's clock) gives the latency when the message comes back.
 */
final class Payload {
    static final int MIN_SIZE = 64;

    private Payload() {
    }

    /** Writes a body of exactly {@code size} bytes. */
    static void write(ByteBuffer out, int origin, long sequence, long nanos, int size) {
        int start = out.position();
        putLong(out, origin);
        out.put((byte) ',');
        putLong(out, sequence);
        out.put((byte) ',');
        putLong(out, nanos);
        out.put((byte) ',');
        while (out.position() - start < size) {
            out.put((byte) 'x');
        }
    }

    /** Reads field {@code index} (0 origin, 1 sequence, 2 send time) of a body. */
    static long field(byte[] b, int from, int to, int index) {
        int at = from;
        for (int skip = 0; skip < index; skip++) {
            while (at < to && b[at] != ',') {
                at++;
            }
            at++;
        }
        boolean negative = at < to && b[at] == '-';
        if (negative) {
            at++;
        }
        long value = 0;
        while (at < to && b[at] >= '0' && b[at] <= '9') {
            value = value * 10 + (b[at++] - '0');
        }
        return negative ? -value : value;
    }

    private static void putLong(ByteBuffer out, long value) {
        if (value < 0) {
            out.put((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = out.position() + digits;
        for (int i = end - 1; i >= out.position(); i--) {
            out.put(i, (byte) ('0' + value % 10));
            value /= 10;
        }
        out.position(end);
    }
}
