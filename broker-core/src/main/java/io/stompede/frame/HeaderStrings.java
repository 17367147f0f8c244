package io.stompede.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns header bytes into strings, reusing the string it made last time for the same bytes.
 * Confined to one decoder.
 *
 * <p>A connection repeats the same few header names and many of the same values (one producer
 * keeps sending to one destination with one content type), so most lookups hit and allocate
 * nothing. The table is direct-mapped: a miss simply replaces the slot, which keeps the lookup
 * to one hash and one array comparison. It is seeded with the names and values STOMP itself
 * defines so that they are shared from the first frame.
 */
final class HeaderStrings {
    /** Longer byte runs are unlikely to repeat and are decoded without caching. */
    static final int MAX_CACHED_LENGTH = 64;

    private static final String[] WELL_KNOWN = {
        "destination", "content-length", "content-type", "receipt", "receipt-id", "id", "ack",
        "subscription", "transaction", "message-id", "message", "version", "accept-version",
        "heart-beat", "host", "login", "passcode", "session", "server", "persistent", "redelivered",
        "auto", "client", "client-individual", "true", "false", "0,0", "1.0", "1.1", "1.2", "1.0,1.1,1.2",
        "text/plain", "text/plain;charset=utf-8", "application/json", "application/octet-stream",
    };

    private final byte[][] keys;
    private final String[] strings;
    private final int mask;

    HeaderStrings(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two");
        }
        this.keys = new byte[slots][];
        this.strings = new String[slots];
        this.mask = slots - 1;
        for (String s : WELL_KNOWN) {
            byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
            int slot = hash(bytes, 0, bytes.length) & mask;
            keys[slot] = bytes;
            strings[slot] = s;
        }
    }

    /** The UTF-8 string of {@code length} bytes of {@code bytes} from {@code offset}. */
    String get(byte[] bytes, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int slot = hash(bytes, offset, length) & mask;
        byte[] key = keys[slot];
        if (key != null && key.length == length && Arrays.equals(key, 0, length, bytes, offset, offset + length)) {
            return strings[slot];
        }
        String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        strings[slot] = s;
        return s;
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int h = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 15);
    }
}
