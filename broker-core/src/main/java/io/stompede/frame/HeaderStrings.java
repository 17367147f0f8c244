package io.stompede.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns header bytes into strings, reusing the string it made last time for the same bytes.
 * Confined to one decoder.
 *
 * <p>A connection repeats the same few header names and many of the same values (one producer
 * keeps sending to one destination with one content type), so most lookups hit and allocate
 * nothing. The names and values STOMP itself defines sit in one table that every decoder shares
 * (open addressing, a quarter full, so a lookup probes once or twice);
 * each decoder adds a small direct-mapped table of its own, allocated at its first miss, so that
 * an idle connection costs little. A miss simply replaces the slot, which keeps the lookup to one
 * hash and one array comparison.
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
    private static final int SHARED_SLOTS = 256;
    private static final byte[][] SHARED_KEYS = new byte[SHARED_SLOTS][];
    private static final String[] SHARED_STRINGS = new String[SHARED_SLOTS];

    static {
        for (String s : WELL_KNOWN) {
            byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
            int slot = hash(bytes, 0, bytes.length) & (SHARED_SLOTS - 1);
            while (SHARED_KEYS[slot] != null) {
                slot = (slot + 1) & (SHARED_SLOTS - 1);
            }
            SHARED_KEYS[slot] = bytes;
            SHARED_STRINGS[slot] = s;
        }
    }

    private final int slots;
    private byte[][] keys;
    private String[] strings;

    HeaderStrings(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two");
        }
        this.slots = slots;
    }

    /**
     * The UTF-8 string of {@code length} bytes of {@code bytes} from {@code offset}, or
     * {@code null} when they are not well-formed UTF-8. Only bytes not seen before are checked:
     * what the tables hold was checked when it went in.
     */
    String get(byte[] bytes, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return decode(bytes, offset, length);
        }
        int hash = hash(bytes, offset, length);
        String shared = shared(bytes, offset, length, hash);
        if (shared != null) {
            return shared;
        }
        if (keys == null) {
            keys = new byte[slots][];
            strings = new String[slots];
        }
        int slot = hash & (slots - 1);
        if (matches(keys[slot], bytes, offset, length)) {
            return strings[slot];
        }
        String s = decode(bytes, offset, length);
        if (s == null) {
            return null;
        }
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        strings[slot] = s;
        return s;
    }

    /**
     * Like {@link #get} (and {@code null} for bytes that are not UTF-8) but without the decoder's own table: for bytes that will not come again
     * on this connection, such as a CONNECT's values, which would otherwise make every idle
     * connection keep a table for strings it never sees again.
     */
    String getOnce(byte[] bytes, int offset, int length) {
        String shared = length > MAX_CACHED_LENGTH ? null : shared(bytes, offset, length, hash(bytes, offset, length));
        return shared != null ? shared : decode(bytes, offset, length);
    }

    /** The string, or {@code null} for bytes that are not well-formed UTF-8. */
    static String decode(byte[] bytes, int offset, int length) {
        return Utf8.isValid(bytes, offset, length) ? new String(bytes, offset, length, StandardCharsets.UTF_8) : null;
    }

    private static String shared(byte[] bytes, int offset, int length, int hash) {
        for (int slot = hash & (SHARED_SLOTS - 1); SHARED_KEYS[slot] != null; slot = (slot + 1) & (SHARED_SLOTS - 1)) {
            if (matches(SHARED_KEYS[slot], bytes, offset, length)) {
                return SHARED_STRINGS[slot];
            }
        }
        return null;
    }

    private static boolean matches(byte[] key, byte[] bytes, int offset, int length) {
        return key != null && key.length == length && Arrays.equals(key, 0, length, bytes, offset, offset + length);
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int h = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 15);
    }
}
