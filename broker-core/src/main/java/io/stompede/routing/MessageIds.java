package io.stompede.routing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes message ids that are unique within a broker and, through a random prefix per broker
 * start, unlikely to repeat across restarts, so that ids of stored messages never collide with
 * new ones. Thread-safe.
 */
final class MessageIds {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    /** Ids with a fresh random prefix, so that this start's ids are unlikely to repeat the last one's. */
    MessageIds() {
        this.prefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36) + "-";
    }

    /** The next id, never given before by this instance. */
    String next() {
        return prefix + next.incrementAndGet();
    }
}
