package io.stompede.routing;

import io.stompede.frame.StompProtocolException;
import io.stompede.security.StompPrincipal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many things of one kind (queues, durable subscriptions) exist, in total and by the
 * principal that created each, against limits: one for the broker, one per principal, and one
 * (lower, for durable subscriptions) for clients that gave no login, counted by address
 * ({@code anonymous@ADDRESS}). Things the broker
 * creates itself (a dead-letter queue, what the store restores without an owner) count in the
 * total only.
 *
 * <p>Thread-safe. The check and the creation are two steps, so concurrent creators may pass a
 * limit by as many as there are of them at once; the limits bound abuse, not a count to the unit.
 */
final class CreationQuota {
    private final String kind;
    private final String error;
    private final int total;
    private final int perPrincipal;
    private final int anonymous;
    private final AtomicInteger size = new AtomicInteger();
    // By the item itself, not its name: a name removed and created again at once is two items,
    // and each is uncounted from its own creator.
    private final ConcurrentHashMap<Object, String> ownerOf = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> byOwner = new ConcurrentHashMap<>();

    /**
     * @param kind  what is counted, plural, for the ERROR body ("queues")
     * @param error the ERROR's message ("too many queues")
     */
    CreationQuota(String kind, String error, int total, int perPrincipal, int anonymous) {
        this.kind = kind;
        this.error = error;
        this.total = total;
        this.perPrincipal = perPrincipal;
        this.anonymous = anonymous;
    }

    /**
     * Refuses one more creation by {@code principal} ({@code null} for the broker itself) when it
     * would pass a limit, with the ERROR a client gets.
     */
    void check(String principal) throws StompProtocolException {
        if (size.get() >= total) {
            throw new StompProtocolException(error,
                    "The broker holds its maximum of " + total + " " + kind + "; nothing new was created.");
        }
        if (principal == null) {
            return;
        }
        int limit = limitOf(principal);
        AtomicInteger count = byOwner.get(principal);
        if ((count == null ? 0 : count.get()) >= limit) {
            throw new StompProtocolException(error, (isAnonymous(principal)
                    ? "Clients without a login may create at most " : "A principal may create at most ")
                    + limit + " " + kind + "; nothing new was created.");
        }
    }

    /** Counts {@code item} (compared by identity), created by {@code principal} ({@code null}: by the broker). */
    void created(Object item, String principal) {
        size.incrementAndGet();
        if (principal != null) {
            ownerOf.put(item, principal);
            // Inside compute, like the decrement, so that a count falling to zero is never removed
            // while another thread adds to it.
            byOwner.compute(principal, (p, count) -> {
                AtomicInteger counted = count == null ? new AtomicInteger() : count;
                counted.incrementAndGet();
                return counted;
            });
        }
    }

    /** Uncounts {@code item}, which no longer exists. */
    void removed(Object item) {
        size.decrementAndGet();
        String owner = ownerOf.remove(item);
        if (owner != null) {
            byOwner.computeIfPresent(owner, (p, count) -> count.decrementAndGet() == 0 ? null : count);
        }
    }

    /** How many each principal created that still exist, by principal name. */
    Map<String, Integer> byPrincipal() {
        Map<String, Integer> counts = new TreeMap<>();
        byOwner.forEach((principal, count) -> counts.put(principal, count.get()));
        return counts;
    }

    private int limitOf(String principal) {
        return isAnonymous(principal) ? anonymous : perPrincipal;
    }

    /** The anonymous principal, alone or at an address ({@code anonymous@ADDRESS}). */
    private static boolean isAnonymous(String owner) {
        String anonymous = StompPrincipal.ANONYMOUS.name();
        return owner.equals(anonymous) || owner.startsWith(anonymous + "@");
    }
}
