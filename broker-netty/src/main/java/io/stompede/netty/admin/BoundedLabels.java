package io.stompede.netty.admin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per label value, such as an ERROR's {@code message} header, with at most a fixed number
 * of distinct values: past the cap, new values count under {@value #OTHER}. A metric label must
 * not take every text a client can provoke, or the metrics grow without bound.
 *
 * <p>Thread-safe; counting a value already seen takes one map read and no lock.
 */
final class BoundedLabels {
    /** The label value that counts what no longer gets a value of its own. */
    static final String OTHER = "other";

    private final int cap;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder other = new LongAdder();

    BoundedLabels(int cap) {
        this.cap = cap;
    }

    void increment(String value) {
        String label = value == null || value.isEmpty() ? OTHER : value;
        LongAdder count = counts.get(label);
        if (count == null) {
            // Two racing new values may both pass the check: the cap is exceeded by at most the racers.
            count = counts.size() < cap && !OTHER.equals(label) ? counts.computeIfAbsent(label, k -> new LongAdder())
                    : other;
        }
        count.increment();
    }

    /** Every value's count, {@value #OTHER} included once anything counted there, by value. */
    Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>();
        counts.forEach((label, count) -> all.put(label, count.sum()));
        long rest = other.sum();
        if (rest > 0) {
            all.put(OTHER, rest);
        }
        return all;
    }

    long total() {
        long total = other.sum();
        for (LongAdder count : counts.values()) {
            total += count.sum();
        }
        return total;
    }
}
