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

    public MessageIds() {
        this.prefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36) + "-";
    }

    public String next() {
        return prefix + next.incrementAndGet();
    }
}
