package io.stompede.store;

/**
 * Packs where a record lies in the journal, its segment number and its byte offset there, into
 * one {@code long} (segment in the high 32 bits), so that a million locations cost a million
 * longs rather than a million objects, and sort in journal order. Stateless.
 */
final class JournalLocation {
    /** Offsets are below this; {@link JournalMessageStore} keeps segments smaller. */
    static final long MAX_OFFSET = 1L << 31;

    private JournalLocation() {
    }

    static long of(long segment, long offset) {
        if (offset < 0 || offset >= MAX_OFFSET || segment < 0 || segment > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("no journal location for segment " + segment + ", offset " + offset);
        }
        return segment << 32 | offset;
    }

    static long segment(long location) {
        return location >>> 32;
    }

    static int offset(long location) {
        return (int) location;
    }
}
