package io.stompede.cluster.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last messages that arrived from the bus, to deliver each only once: Redis sends a
 * message once per subscription that matches it, so a node subscribed to a channel and to a
 * pattern that covers it, or to two such patterns, hears it twice in a row. Thread-safe: on a
 * Redis Cluster each shard's connection delivers on its own thread.
 */
final class RecentIds {
    private final LinkedHashMap<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 2, 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers {@code id}; {@code false} if it was among the recent ones already. */
    synchronized boolean firstTime(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
