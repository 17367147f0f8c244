package io.stompede.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hands out one {@code String} per distinct short UTF-8 value while recovery decodes a million
 * messages whose destinations and header names and values mostly repeat: sharing them keeps the
 * restored messages small, and what is not allocated need not be collected. A fixed table of
 * recent values, each slot replaced on a miss, so its memory stays bounded whatever it meets.
 *
 * <p>Confined to one thread.
 */
final class StringCache {
    /** Longer values are rarely repeated and cost more to compare than to decode. */
    private static final int MAX_CACHED = 64;
    private static final int SLOTS = 1024;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The string of {@code length} UTF-8 bytes at {@code offset} of {@code array}. */
    String get(byte[] array, int offset, int length) {
        if (length > MAX_CACHED) {
            return new String(array, offset, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + array[i];
        }
        int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, array, offset, offset + length)) {
            return strings[slot];
        }
        String value = new String(array, offset, length, StandardCharsets.UTF_8);
        bytes[slot] = Arrays.copyOfRange(array, offset, offset + length);
        strings[slot] = value;
        return value;
    }
}
