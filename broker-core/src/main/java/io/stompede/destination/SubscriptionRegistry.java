package io.stompede.destination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is subscribed to what: maps a destination to the subscribers whose pattern matches it.
 * Thread-safe. Built for a publish path that runs on many threads at once: {@link #match} takes no
 * lock, and for a destination with only exact subscribers it returns a pre-built immutable snapshot
 * without allocating (when wildcard patterns exist, from the second lookup on, while the
 * destination stays in the match cache).
 *
 * <p>A subscriber of type {@code S} is compared by identity, never by {@code equals}: each
 * subscription is its own object, and two subscriptions that happen to be equal are still two.
 * Registering the same subscriber twice, under one pattern or several, makes as many registrations,
 * and {@link #match} lists it once per registration that matches.
 *
 * <p>Patterns follow {@link DestinationPattern}: segments split on {@code /} or {@code .}; {@code *}
 * matches one segment, {@code **} or {@code #} any number, including none. A pattern without a
 * wildcard matches only the identical destination; once a pattern has a wildcard the two separators
 * are interchangeable, so {@code /topic/a/*} matches both {@code /topic/a/b} and {@code /topic/a.b},
 * while the plain pattern {@code /topic/a.b} matches only {@code /topic/a.b}.
 *
 * <h2>How it is kept</h2>
 * <ul>
 *   <li>Exact patterns live in a concurrent map from destination to an immutable list, replaced
 *       copy-on-write for that one destination; subscribing costs the same however many other
 *       destinations there are, and so does an exact lookup. Past 64 subscribers the list is a
 *       {@link SharedArrayList}, whose versions share one array that a SUBSCRIBE appends to, so
 *       subscribing to a crowded destination does not copy the crowd (an UNSUBSCRIBE still does:
 *       it scans for the subscriber and copies the rest).</li>
 *   <li>Wildcard patterns live in an immutable trie ({@link WildcardIndex}) that writers replace
 *       under a lock and readers read through a volatile field. Only wildcard writers contend.</li>
 *   <li>Once there is a wildcard pattern, combined results are cached per destination, bounded to
 *       a configurable number of destinations. Each entry remembers the wildcard version and exact
 *       snapshot it was computed from and is served only while both are current, so after {@code
 *       add} or {@code remove} returns, the next {@code match} on any thread sees the change.</li>
 * </ul>
 * This is the lesson of spring-framework #24395: a registry that serializes lookups behind one lock
 * stalls every publishing thread as soon as one of them recomputes a destination.
 *
 * @param <S> the subscriber, compared by identity
 */
public final class SubscriptionRegistry<S> {
    /** How many destinations the match cache holds unless told otherwise. */
    public static final int DEFAULT_CACHE_LIMIT = 10_000;

    private final ConcurrentHashMap<String, List<S>> exact = new ConcurrentHashMap<>();
    /** Serializes wildcard writers so that none of them loses another's change; readers never take it. */
    private final ReentrantLock wildcardWriteLock = new ReentrantLock();
    private volatile WildcardIndex<S> wildcards = WildcardIndex.empty();
    private final MatchCache<S> cache;
    private final AtomicInteger registrations = new AtomicInteger();

    /** A registry whose match cache holds up to {@link #DEFAULT_CACHE_LIMIT} destinations. */
    public SubscriptionRegistry() {
        this(DEFAULT_CACHE_LIMIT);
    }

    /**
     * A registry whose match cache holds up to {@code cacheLimit} destinations; 0 turns the cache
     * off, so that every lookup of a destination when wildcards exist walks the wildcard index.
     */
    public SubscriptionRegistry(int cacheLimit) {
        this.cache = new MatchCache<>(cacheLimit);
    }

    /** Whether {@code pattern} contains a wildcard segment; see {@link DestinationPattern#isWildcard(String)}. */
    public static boolean isWildcard(String pattern) {
        return DestinationPattern.isWildcard(pattern);
    }

    /**
     * Registers {@code subscriber} under {@code pattern}. Adding the same pair again makes a second
     * registration, which a second {@link #remove} undoes.
     */
    public void add(String pattern, S subscriber) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(subscriber, "subscriber");
        if (isWildcard(pattern)) {
            DestinationPattern compiled = DestinationPattern.compile(pattern);
            wildcardWriteLock.lock();
            try {
                wildcards = wildcards.add(compiled, subscriber);
            } finally {
                wildcardWriteLock.unlock();
            }
            // Any cached destination may match the new pattern. Clearing is for memory only; the
            // version check in the cache already keeps older entries from being served.
            cache.clear();
        } else {
            exact.compute(pattern, (destination, subscribers) -> ImmutableLists.append(subscribers, subscriber));
            // Only drops the entry: if wildcards also match this destination, the next publish to
            // it rebuilds the combined list (a copy as long as the delivery it is for), not this add.
            cache.invalidate(pattern);
        }
        registrations.incrementAndGet();
    }

    /**
     * Removes one registration of this very {@code subscriber} under exactly this {@code pattern}
     * (as written: {@code /a/#} and {@code /a/**} are different registrations). Returns whether there
     * was one; other registrations of the subscriber are left alone.
     */
    public boolean remove(String pattern, S subscriber) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(subscriber, "subscriber");
        boolean removed = isWildcard(pattern) ? removeWildcard(pattern, subscriber) : removeExact(pattern, subscriber);
        if (removed) {
            registrations.decrementAndGet();
        }
        return removed;
    }

    /**
     * The subscribers of every registration whose pattern matches {@code destination}, once per
     * registration, in no particular order. The list is immutable and may be shared with other
     * callers; iterate it, do not keep it past the delivery, since it does not follow later changes.
     * Takes no lock; allocates nothing when the destination has only exact subscribers, or none,
     * or its result is cached.
     */
    public List<S> match(String destination) {
        Objects.requireNonNull(destination, "destination");
        WildcardIndex<S> index = wildcards;
        List<S> exactSubscribers = exact.get(destination);
        if (index.isEmpty()) {
            return exactSubscribers != null ? exactSubscribers : List.of();
        }
        List<S> cached = cache.get(destination, index.version(), exactSubscribers);
        if (cached != null) {
            return cached;
        }
        List<S> result = combine(exactSubscribers, index.match(destination));
        cache.put(destination, index.version(), exactSubscribers, result);
        return result;
    }

    /** The number of registrations; a momentary figure while other threads add or remove. */
    public int size() {
        return registrations.get();
    }

    /**
     * For statistics: the number of registrations under each pattern (an exact destination or a
     * wildcard pattern, as written), sorted by pattern. A copy, consistent per pattern.
     */
    public Map<String, Integer> countsByPattern() {
        Map<String, Integer> counts = new TreeMap<>();
        exact.forEach((destination, subscribers) -> counts.put(destination, subscribers.size()));
        wildcards.countByPattern(counts);
        return Collections.unmodifiableMap(counts);
    }

    /** The number of destinations whose combined result is cached; for tests. */
    int cachedDestinations() {
        return cache.size();
    }

    private boolean removeWildcard(String pattern, S subscriber) {
        DestinationPattern compiled = DestinationPattern.compile(pattern);
        boolean removed;
        wildcardWriteLock.lock();
        try {
            WildcardIndex<S> before = wildcards;
            WildcardIndex<S> after = before.remove(compiled, subscriber);
            removed = after != before;
            wildcards = after;
        } finally {
            wildcardWriteLock.unlock();
        }
        if (removed) {
            cache.clear();
        }
        return removed;
    }

    private boolean removeExact(String destination, S subscriber) {
        boolean[] removed = new boolean[1];
        // computeIfPresent locks only this destination's bin; the function touches nothing else,
        // so no other lock is ever taken inside it (a lock nested in computeIfAbsent deadlocked a
        // proposed fix for Spring's registry, spring-framework #25298).
        exact.computeIfPresent(destination, (key, subscribers) -> {
            int index = ImmutableLists.indexOfIdentical(subscribers, subscriber);
            if (index < 0) {
                return subscribers;
            }
            removed[0] = true;
            return ImmutableLists.removeAt(subscribers, index);
        });
        if (removed[0]) {
            cache.invalidate(destination);
        }
        return removed[0];
    }

    private static <S> List<S> combine(List<S> exactSubscribers, List<S> wildcardSubscribers) {
        if (wildcardSubscribers.isEmpty()) {
            return exactSubscribers != null ? exactSubscribers : List.of();
        }
        if (exactSubscribers == null) {
            return List.copyOf(wildcardSubscribers);
        }
        List<S> all = new ArrayList<>(exactSubscribers.size() + wildcardSubscribers.size());
        all.addAll(exactSubscribers);
        all.addAll(wildcardSubscribers);
        return List.copyOf(all);
    }
}
