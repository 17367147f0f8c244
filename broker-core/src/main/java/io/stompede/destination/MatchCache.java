package io.stompede.destination;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's cache of combined results per destination, bounded to a number of destinations.
 * Thread-safe; a lookup takes no lock and allocates nothing.
 *
 * <p>An entry is stamped with what it was computed from: the version of the wildcard index and the
 * destination's exact snapshot (by identity). A lookup returns the entry only if both still hold,
 * so an entry that a slow reader puts after a writer invalidated the destination is never served;
 * invalidation by the writer is then only there to release stale subscribers early.
 *
 * <p>When the cache is over its limit it is emptied rather than trimmed by one entry. Least recently
 * used order would need a write on every hit, which is what put a lock on the read path of Spring's
 * older registry (spring-framework #24395); trimming in hash order would keep some destinations
 * forever and miss on others forever. Emptying is fair, cheap when amortized over the entries it
 * drops, and rare when the limit is above the number of live destinations.
 */
final class MatchCache<S> {
    private final int limit;
    private final ConcurrentHashMap<String, Entry<S>> entries = new ConcurrentHashMap<>();

    private record Entry<S>(long wildcardVersion, List<S> exact, List<S> result) {
    }

    /** A cache of up to {@code limit} destinations; 0 caches nothing. */
    MatchCache(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("cache limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /**
     * The result cached for {@code destination} if it was computed from this wildcard version and
     * this exact snapshot ({@code null} when the destination has no exact subscriber), else null.
     */
    List<S> get(String destination, long wildcardVersion, List<S> exact) {
        Entry<S> entry = entries.get(destination);
        if (entry != null && entry.wildcardVersion == wildcardVersion && entry.exact == exact) {
            return entry.result;
        }
        return null;
    }

    void put(String destination, long wildcardVersion, List<S> exact, List<S> result) {
        if (limit == 0) {
            return;
        }
        entries.put(destination, new Entry<>(wildcardVersion, exact, result));
        if (entries.size() > limit) {
            entries.clear();
        }
    }

    /** Drops the entry of one destination, after its exact subscribers changed. */
    void invalidate(String destination) {
        entries.remove(destination);
    }

    /** Drops every entry, after the wildcard index changed. */
    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
