package io.stompede.routing;

import io.stompede.cluster.ClusterBus;
import io.stompede.destination.SubscriptionRegistry;
import io.stompede.frame.StompProtocolException;
import io.stompede.message.Message;
import io.stompede.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable topic subscriptions. Each is a queue fed by a topic pattern: every matching topic
 * message is stored on it and waits there while the subscriber is away, up to the queue's bound,
 * past which newer messages are dropped for that subscription alone. The subscriber consumes the
 * queue like any queue, with its acks and redeliveries. Because each one stores a copy of every
 * message of its topic and outlives its client, how many exist is bounded, in total and per
 * principal, by a {@link CreationQuota}.
 *
 * <p>Thread-safe: the registry is copy-on-write, and the map of names serializes creation and
 * removal per name.
 */
final class DurableSubscriptions {
    /** Durable subscription queues are named with this prefix, which no client destination routes to. */
    static final String QUEUE_PREFIX = "$durable:";

    private static final Logger LOG = LoggerFactory.getLogger(DurableSubscriptions.class);

    private final MessageStore store;
    // Keeps the bindings and backlogs instead of this node when it shares durable subscriptions.
    private final ClusterBus bus;
    private final Function<String, Queue> queues;
    private final SubscriptionRegistry<DurableSubscription> registry = new SubscriptionRegistry<>();
    private final ConcurrentHashMap<String, DurableSubscription> byName = new ConcurrentHashMap<>();
    private final CreationQuota quota;

    DurableSubscriptions(MessageStore store, ClusterBus bus, Function<String, Queue> queues, CreationQuota quota) {
        this.store = store;
        this.bus = bus;
        this.queues = queues;
        this.quota = quota;
    }

    static boolean isDurableQueue(String queue) {
        return queue.startsWith(QUEUE_PREFIX);
    }

    /** The subscription's name, as a client names it, of a durable subscription's queue. */
    static String nameOf(String queue) {
        return queue.substring(QUEUE_PREFIX.length());
    }

    /**
     * The durable subscription {@code name}, created for {@code principal} and bound to
     * {@code pattern} if new.
     *
     * @throws StompProtocolException when it exists bound to another pattern, or creating it
     *                                would pass a limit
     */
    DurableSubscription attach(String name, String pattern, String principal) throws StompProtocolException {
        String queueName = QUEUE_PREFIX + name;
        DurableSubscription durable = byName.get(queueName);
        if (durable != null && bus.sharesDurableSubscriptions() && bus.durablePattern(queueName) == null
                && durable.bound().isDone()) {
            // Deleted on another node since this one made or used it: this node's record is stale.
            if (byName.remove(queueName, durable)) {
                quota.removed(durable);
                registry.remove(durable.pattern(), durable);
            }
            durable = null;
        }
        if (durable == null) {
            String elsewhere = bus.sharesDurableSubscriptions() ? bus.durablePattern(queueName) : null;
            if (elsewhere != null && !elsewhere.equals(pattern)) {
                throw inUse(name);
            }
            quota.check(principal);
            durable = byName.computeIfAbsent(queueName, q -> {
                DurableSubscription created = register(q, pattern, bind(q, pattern));
                quota.created(created, principal);
                return created;
            });
        }
        if (!durable.pattern().equals(pattern)) {
            throw inUse(name);
        }
        return durable;
    }

    private static StompProtocolException inUse(String name) {
        return new StompProtocolException("durable subscription in use",
                "Durable subscription '" + name + "' exists for another destination; unsubscribe it first.");
    }

    private CompletableFuture<Void> bind(String queueName, String pattern) {
        return (bus.sharesDurableSubscriptions() ? bus.bindDurable(queueName, pattern) : store.bind(queueName, pattern))
                .toCompletableFuture();
    }

    /**
     * Re-creates a subscription found in the store at start-up, counted for the principal its
     * name gives ({@code login:NAME:ID}, RabbitMQ's naming), else for none.
     */
    void restore(String queueName, String pattern) {
        byName.computeIfAbsent(queueName, q -> {
            DurableSubscription restored = register(q, pattern, CompletableFuture.completedFuture(null));
            quota.created(restored, ownerInName(nameOf(q)));
            return restored;
        });
    }

    private static String ownerInName(String name) {
        int end = name.lastIndexOf(':');
        return name.startsWith("login:") && end > "login:".length() ? name.substring("login:".length(), end) : null;
    }

    /** How many durable subscriptions each principal created, by name. */
    Map<String, Integer> countsByPrincipal() {
        return quota.byPrincipal();
    }

    /** Deletes a subscription and what waits on it; {@code false} if there is none of that name. */
    boolean remove(String name) {
        DurableSubscription durable = byName.remove(QUEUE_PREFIX + name);
        if (durable == null) {
            return false;
        }
        quota.removed(durable);
        registry.remove(durable.pattern(), durable);
        for (Message waiting : durable.queue().purge()) {
            store.ack(durable.queue().name(), waiting.id());
        }
        if (bus.sharesDurableSubscriptions()) {
            bus.unbindDurable(durable.queue().name());
        } else {
            store.unbind(durable.queue().name());
        }
        return true;
    }

    /**
     * Stores and queues a topic message for every matching subscription; the stage completes
     * once it is stored everywhere, or is {@code null} when none matches. With a bus that shares
     * durable subscriptions, the bus does so for the cluster's.
     */
    CompletableFuture<Void> publish(Message message) {
        if (bus.sharesDurableSubscriptions()) {
            return bus.enqueueForDurables(message).toCompletableFuture();
        }
        List<DurableSubscription> matching = registry.match(message.destination());
        if (matching.isEmpty()) {
            return null;
        }
        List<CompletableFuture<Long>> stored = new ArrayList<>(matching.size());
        for (DurableSubscription durable : matching) {
            Queue queue = durable.queue();
            CompletableFuture<Long> appended = store.append(queue.name(), message).toCompletableFuture();
            stored.add(appended);
            Queue.Offer offer = queue.offer(message, appended);
            if (offer != Queue.Offer.ACCEPTED) {
                // A durable subscription is not its publisher's concern: the message is dropped
                // for this subscription alone, and the publisher carries on.
                store.ack(queue.name(), message.id());
                LOG.debug("Durable subscription {} refused message {} ({})", queue.name(), message.id(), offer);
            }
        }
        return CompletableFuture.allOf(stored.toArray(new CompletableFuture[0]));
    }

    private DurableSubscription register(String queueName, String pattern, CompletableFuture<Void> bound) {
        DurableSubscription durable = new DurableSubscription(pattern, queues.apply(queueName), bound);
        registry.add(pattern, durable);
        return durable;
    }
}
