package io.stompede.routing;

import io.stompede.destination.SubscriptionRegistry;
import io.stompede.message.Message;
import io.stompede.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable topic subscriptions. Each is a queue fed by a topic pattern: every matching topic
 * message is stored on it and waits there while the subscriber is away, up to the queue's bound,
 * past which newer messages are dropped for that subscription alone. The subscriber consumes the
 * queue like any queue, with its acks and redeliveries.
 *
 * <p>Thread-safe: the registry is copy-on-write, and the map of names serializes creation and
 * removal per name.
 */
final class DurableSubscriptions {
    /** Durable subscription queues are named with this prefix, which no client destination routes to. */
    static final String QUEUE_PREFIX = "$durable:";

    private static final Logger LOG = LoggerFactory.getLogger(DurableSubscriptions.class);

    private final MessageStore store;
    private final Function<String, Queue> queues;
    private final SubscriptionRegistry<DurableSubscription> registry = new SubscriptionRegistry<>();
    private final ConcurrentHashMap<String, DurableSubscription> byName = new ConcurrentHashMap<>();

    /** One durable subscription: its queue, fed by a pattern. */
    DurableSubscriptions(MessageStore store, Function<String, Queue> queues) {
        this.store = store;
        this.queues = queues;
    }

    static boolean isDurableQueue(String queue) {
        return queue.startsWith(QUEUE_PREFIX);
    }

    /** The subscription's name, as a client names it, of a durable subscription's queue. */
    static String nameOf(String queue) {
        return queue.substring(QUEUE_PREFIX.length());
    }

    /**
     * The durable subscription {@code name}, created and bound to {@code pattern} if new;
     * {@code null} when it exists bound to another pattern.
     */
    DurableSubscription attach(String name, String pattern) {
        String queueName = QUEUE_PREFIX + name;
        DurableSubscription durable = byName.computeIfAbsent(queueName,
                q -> register(q, pattern, store.bind(q, pattern).toCompletableFuture()));
        return durable.pattern().equals(pattern) ? durable : null;
    }

    /** Re-creates a subscription found in the store at start-up. */
    void restore(String queueName, String pattern) {
        byName.computeIfAbsent(queueName, q -> register(q, pattern, CompletableFuture.completedFuture(null)));
    }

    /** Deletes a subscription and what waits on it; {@code false} if there is none of that name. */
    boolean remove(String name) {
        DurableSubscription durable = byName.remove(QUEUE_PREFIX + name);
        if (durable == null) {
            return false;
        }
        registry.remove(durable.pattern(), durable);
        for (Message waiting : durable.queue().purge()) {
            store.ack(durable.queue().name(), waiting.id());
        }
        store.unbind(durable.queue().name());
        return true;
    }

    /**
     * Stores and queues a topic message for every matching subscription; the stage completes
     * once it is stored everywhere.
     */
    CompletableFuture<Void> publish(Message message) {
        List<DurableSubscription> matching = registry.match(message.destination());
        if (matching.isEmpty()) {
            return null;
        }
        List<CompletableFuture<Long>> stored = new ArrayList<>(matching.size());
        for (DurableSubscription durable : matching) {
            Queue queue = durable.queue();
            CompletableFuture<Long> appended = store.append(queue.name(), message).toCompletableFuture();
            stored.add(appended);
            if (!queue.offer(message, appended)) {
                store.ack(queue.name(), message.id());
                LOG.debug("Durable subscription {} is full; message {} dropped for it", queue.name(), message.id());
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
