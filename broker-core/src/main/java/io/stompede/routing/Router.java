package io.stompede.routing;

import io.stompede.application.QueueFullException;
import io.stompede.destination.SubscriptionRegistry;
import io.stompede.message.Message;
import io.stompede.config.BrokerConfig;
import io.stompede.config.DurabilityConfig;
import io.stompede.cluster.ClusterBus;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.observer.BrokerObserver;
import io.stompede.store.MessageStore;
import io.stompede.admin.DestinationSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes messages to topics or queues by destination name, owns the queues, and stores
 * persistent queue messages before they are offered. Thread-safe.
 */
public final class Router implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final BrokerConfig config;
    private final DurabilityConfig durability;
    private final Clock clock;
    private final MessageStore store;
    private final MessageIds ids = new MessageIds();
    private final Topics topics;
    private final ClusterBus bus;
    private final BrokerObserver observer;
    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();
    private final DurableSubscriptions durables;
    private final TopicHistory history;
    private final MemoryGauge memory;
    private final CreationQuota queueQuota;

    /**
     * A router with no queues yet. The broker builds it and restores the stored queues and
     * durable subscriptions into it before any session opens.
     */
    public Router(BrokerConfig config, DurabilityConfig durability, MessageStore store, Clock clock,
                  ClusterBus bus, BrokerObserver observer) {
        this.clock = clock;
        this.bus = bus;
        this.observer = observer;
        this.topics = new Topics(bus);
        this.config = config;
        this.durability = durability;
        this.store = store;
        this.durables = new DurableSubscriptions(store, bus, this::queue, new CreationQuota("durable subscriptions",
                "too many durable subscriptions", config.maxDurableSubscriptions(),
                config.maxDurableSubscriptionsPerPrincipal(), config.maxAnonymousDurableSubscriptions()));
        this.queueQuota = new CreationQuota("queues", "too many queues", config.maxQueues(),
                config.maxQueuesPerPrincipal(), config.maxQueuesPerPrincipal());
        this.history = new TopicHistory(store);
        this.memory = new MemoryGauge(durability.maxMemoryBytes());
    }

    /** Whether a destination is point-to-point. */
    public boolean isQueue(String destination) {
        return config.typeOf(destination) == BrokerConfig.DestinationType.POINT_TO_POINT;
    }

    /**
     * Routes a message from the broker itself; see {@link #publish(Message, String)}.
     */
    public CompletableFuture<Void> publish(Message message) throws QueueFullException {
        try {
            return publish(message, null);
        } catch (QueueFullException e) {
            throw e;
        } catch (StompProtocolException e) {
            throw new IllegalStateException("the broker's own publish was refused: " + e.getMessage(), e);
        }
    }

    /**
     * Routes a message sent by {@code sender} (a principal's name, or {@code null} for the broker
     * itself), who creates its queue if there is none yet. The returned stage completes once the
     * message is as durable as the store promises (at once for messages that are not persistent),
     * which is when a RECEIPT for it may be sent.
     *
     * @throws QueueFullException     when the queue refuses it: full, or over its memory share
     * @throws StompProtocolException when a new queue would pass the queue limits
     */
    public CompletableFuture<Void> publish(Message message, String sender) throws StompProtocolException {
        if (message.isExpired(clock.millis())) {
            LOG.debug("Message {} to {} expired before it was routed; dropped", message.id(), message.destination());
            return DONE;
        }
        if (!isQueue(message.destination())) {
            return publishToTopic(message);
        }
        if (bus.sharesQueue(message.destination())) {
            return enqueueShared(message);
        }
        while (true) {
            Queue queue = sender == null ? queue(message.destination()) : queueFor(message.destination(), sender);
            boolean persist = queue.stores(message);
            CompletableFuture<Long> stored = persist ? store.append(queue.name(), message).toCompletableFuture() : null;
            Queue.Offer offer = persist ? queue.offer(message, stored) : queue.offer(message);
            if (offer == Queue.Offer.ACCEPTED) {
                return persist ? stored.thenApply(location -> null) : DONE;
            }
            if (persist) {
                store.ack(queue.name(), message.id());
            }
            switch (offer) {
                case FULL -> throw new QueueFullException(message.destination(), config.maxQueueDepth());
                case OVER_SHARE -> throw QueueFullException.overMemoryShare(message.destination());
                default -> retired(queue);
            }
        }
    }

    /**
     * Hands a shared queue's message to the cluster, which keeps it for whichever node's consumer
     * takes it; a refusal the bus knows at once is an ERROR now, not a RECEIPT that never comes.
     */
    private CompletableFuture<Void> enqueueShared(Message message) throws QueueFullException {
        CompletableFuture<Void> accepted = bus.enqueue(message).toCompletableFuture();
        if (accepted.isCompletedExceptionally()) {
            try {
                accepted.join();
            } catch (CompletionException e) {
                throw QueueFullException.clusterUnavailable(message.destination(), e.getCause());
            }
        }
        return accepted;
    }

    /** Forgets a queue found reclaimed, so that the next lookup makes a new one. */
    private void retired(Queue queue) {
        if (queues.remove(queue.name(), queue)) {
            queueQuota.removed(queue);
        }
    }

    /**
     * A topic message to the durable subscriptions, the history and the subscribers of every
     * node. A topic that retains history gives the message its position first, which its live
     * copies carry: on one node under the topic's history lock; in a cluster whose bus keeps
     * history, the bus does and delivers it back here, so that every node sees the same position.
     */
    private CompletableFuture<Void> publishToTopic(Message message) {
        CompletableFuture<Void> stored = durables.publish(message);
        int retain = durability.historyOf(message.destination());
        if (retain > 0 && bus.keepsHistory()) {
            bus.retain(message, retain);
        } else if (retain > 0) {
            CompletableFuture<Void> retained = history.publish(message, retain, positioned -> {
                topics.publish(positioned);
                bus.published(positioned);
            });
            return stored == null ? retained : stored.thenCombine(retained, (a, b) -> null);
        } else {
            topics.publish(message);
            bus.published(message);
        }
        return stored == null ? DONE : stored;
    }

    /** Where the cluster bus hands this node other nodes' topic messages and shared queues' messages. */
    public ClusterBus.Inbound clusterInbound() {
        return new ClusterBus.Inbound() {
            @Override
            public void deliver(Message message) {
                deliverFromCluster(message);
            }

            @Override
            public void queued(String queue, Message message, String ticket, int previousDeliveries) {
                queuedFromCluster(queue, message, ticket, previousDeliveries);
            }
        };
    }

    /**
     * Delivers a topic message that another node published: to this node's live subscribers of
     * matching topics and patterns, and back to no bus. History and durable subscriptions that
     * span nodes are the bus's to keep, not this node's.
     */
    private void deliverFromCluster(Message message) {
        if (isQueue(message.destination())) {
            LOG.warn("Message {} from another node names the queue {}; queue messages come by fetching, dropped",
                    message.id(), message.destination());
            return;
        }
        if (!message.isExpired(clock.millis())) {
            topics.publish(message);
        }
    }

    /** A shared queue's message this node fetched: to its consumers, or back to the cluster if none is left. */
    private void queuedFromCluster(String name, Message message, String ticket, int previousDeliveries) {
        Queue queue = queues.get(name);
        if (queue == null || !queue.offerFromCluster(message, ticket, previousDeliveries)) {
            bus.giveBack(name, ticket, previousDeliveries);
        }
    }

    /**
     * Publishes a message from inside the broker (an in-process publisher or an application
     * handler): like {@link #publish(Message)}, but a full queue fails the returned stage.
     */
    public CompletableFuture<Void> publish(String destination, Headers headers, byte[] body) {
        try {
            return publish(new Message(ids.next(), destination, ForwardedHeaders.of(headers), body));
        } catch (QueueFullException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Makes a message of a client's SEND. */
    public Message messageOf(String destination, Headers sent, byte[] body) {
        return new Message(ids.next(), destination, ForwardedHeaders.of(sent), body);
    }

    /**
     * Puts a stored message back where it was, as at start-up: on its queue, marked as possibly
     * delivered (left on disk at {@code location} past the memory cap), or in its topic's history.
     */
    public void restore(String queueName, long location, Supplier<Message> message) {
        if (TopicHistory.isHistoryQueue(queueName)) {
            history.restore(queueName, message.get());
        } else {
            queue(queueName).restore(location, message);
        }
    }

    /**
     * Joins {@code subscriber} to {@code destination}: the one path by which every subscriber, a
     * client's SUBSCRIBE or an in-process listener, gets its messages, so that the queue-or-topic
     * choice, the wildcard rule, history and durable subscriptions are decided here alone.
     *
     * <ul>
     *   <li>A queue name makes the subscriber one of the queue's consumers; a queue pattern is refused.</li>
     *   <li>A topic or pattern makes it a topic subscriber. With {@code historyCount > 0} and a topic
     *       that retains history, it first gets up to that many retained messages (marked
     *       {@code x-history:true}), then every live one, with no gap and no duplicate between them.</li>
     *   <li>With a {@code durableName}, it consumes that durable subscription's queue, created and
     *       bound to the topic pattern if new.</li>
     * </ul>
     *
     * @param durableName the durable subscription's name, or {@code null} for a plain subscription
     * @throws StompProtocolException when the subscription is not allowed: its ERROR says why
     */
    public Attachment attach(String destination, Subscriber subscriber, int historyCount, String durableName)
            throws StompProtocolException {
        return attach(destination, subscriber, Replay.last(historyCount), durableName, null);
    }

    /**
     * Like {@link #attach(String, Subscriber, int, String)}, for a subscriber of {@code principal}
     * (or {@code null} for the broker itself), who creates the queue or durable subscription if new.
     *
     * @throws StompProtocolException also when a new queue or durable subscription would pass its limits
     */
    public Attachment attach(String destination, Subscriber subscriber, int historyCount, String durableName,
                             String principal) throws StompProtocolException {
        return attach(destination, subscriber, Replay.last(historyCount), durableName, principal);
    }

    /**
     * Like {@link #attach(String, Subscriber, int, String, String)}, with what the subscriber asks
     * of a topic's history: the last messages, or those after a position it saw. The
     * attachment's {@link Attachment#recovery()} tells how a position was served: a destination
     * that keeps no history (a queue, a pattern, a topic without a history rule, a durable
     * subscription) has {@link Recovery#NO_HISTORY} to offer.
     */
    public Attachment attach(String destination, Subscriber subscriber, Replay replay, String durableName,
                             String principal) throws StompProtocolException {
        Recovery none = replay.since() == null ? Recovery.NOT_ASKED : Recovery.NO_HISTORY;
        boolean queue = isQueue(destination);
        if (queue && SubscriptionRegistry.isWildcard(destination)) {
            throw new StompProtocolException("wildcards not supported on queues",
                    "A queue subscription must name one queue; '" + destination + "' is a pattern.");
        }
        if (durableName != null) {
            if (queue) {
                throw new StompProtocolException("durable subscription on a queue",
                        "Durable subscriptions are for topics; a queue keeps its messages anyway.");
            }
            DurableSubscription durable = durables.attach(durableName, destination, principal);
            return consume(destination, subscriber, () -> durable.queue(), durable.bound()).recovering(none);
        }
        if (queue) {
            return consume(destination, subscriber,
                    () -> principal == null ? queue(destination) : queueFor(destination, principal), DONE)
                    .recovering(none);
        }
        Recovery recovery = none;
        if (replay.asked() && !SubscriptionRegistry.isWildcard(destination) && durability.historyOf(destination) > 0) {
            if (bus.keepsHistory()) {
                return replayClusterHistory(destination, subscriber, replay);
            }
            recovery = history.replay(destination, replay, subscriber, () -> topics.subscribe(destination, subscriber));
        } else {
            topics.subscribe(destination, subscriber);
        }
        return new Attachment(this, destination, subscriber, subscriber, DONE).recovering(recovery);
    }

    /**
     * Subscribes to live messages at once, holding them back, and replays the cluster's history
     * before them; the attachment's stage completes once the history is replayed.
     */
    private Attachment replayClusterHistory(String topic, Subscriber subscriber, Replay replay) {
        HistoryReplay replaying = new HistoryReplay(subscriber);
        topics.subscribe(topic, replaying);
        CompletableFuture<Recovery> recovered = bus.history(topic, replay.count(), replay.since()).toCompletableFuture()
                .handle((history, failure) -> {
                    if (failure == null) {
                        return replaying.replay(history, replay);
                    }
                    LOG.warn("The history of {} could not be read from the cluster; live messages only: {}", topic,
                            failure.toString());
                    replaying.replayNothing();
                    return replay.since() == null ? Recovery.NOT_ASKED : Recovery.NO_HISTORY;
                });
        return new Attachment(this, topic, subscriber, replaying, recovered.thenApply(r -> null)).recovering(recovered);
    }

    /** Finds or creates the queue a subscriber consumes. */
    private interface QueueLookup {
        Queue find() throws StompProtocolException;
    }

    private Attachment consume(String destination, Subscriber subscriber, QueueLookup lookup,
                               CompletableFuture<Void> stored) throws StompProtocolException {
        while (true) {
            Queue queue = lookup.find();
            // The attachment exists before the queue may hand the subscriber anything.
            Attachment attachment = new Attachment(this, destination, subscriber, queue, stored);
            if (queue.addConsumer(subscriber)) {
                return attachment;
            }
            retired(queue);
        }
    }

    void unsubscribe(String pattern, TopicSubscriber subscriber) {
        topics.unsubscribe(pattern, subscriber);
    }

    /** Deletes a durable subscription and the messages waiting on it; {@code false} if unknown. */
    public boolean removeDurableSubscription(String name) {
        if (!durables.remove(name)) {
            return false;
        }
        queues.remove(DurableSubscriptions.QUEUE_PREFIX + name);
        return true;
    }

    /** Re-creates a durable subscription found in the store at start-up. */
    public void restoreDurableSubscription(String queueName, String pattern) {
        durables.restore(queueName, pattern);
    }

    /** The bytes of queue messages in memory, against the cap that slows producers. */
    public MemoryGauge memory() {
        return memory;
    }

    /**
     * Whether {@code queue} keeps {@code message} in memory under pressure: unless it stores the
     * message in a store that reads entries back, which lets it page the message out to disk.
     */
    public boolean keepsInMemory(Queue queue, Message message) {
        return !(queue.stores(message) && store.readsBack());
    }

    /** The queue of that name if it exists now, else {@code null}; creates nothing. */
    public Queue existingQueue(String name) {
        return queues.get(name);
    }

    /** The queue of that name, created on first use by the broker itself, within no quota but the total's count. */
    public Queue queue(String name) {
        return queues.computeIfAbsent(name, n -> newQueue(n, null));
    }

    /** The queue of that name, created by {@code principal} if new, within the queue limits. */
    private Queue queueFor(String name, String principal) throws StompProtocolException {
        Queue existing = queues.get(name);
        if (existing != null) {
            return existing;
        }
        queueQuota.check(principal);
        return queues.computeIfAbsent(name, n -> newQueue(n, principal));
    }

    private Queue newQueue(String name, String creator) {
        if (DurableSubscriptions.isDurableQueue(name)) {
            // Counted by the durable subscriptions' own quota; kept by the cluster if it shares them.
            boolean shared = bus.sharesDurableSubscriptions();
            return new Queue(name, !shared, durability.maxDurableSubscriptionDepth(), config.maxDeliveries(), store, this,
                    clock, memory.account(), shared ? bus : null);
        }
        // A shared queue's messages are the cluster's to keep, not this node's journal's.
        boolean shared = bus.sharesQueue(name);
        Queue queue = new Queue(name, !shared && durability.isDurableQueue(name), queueDepthLimit(),
                config.maxDeliveries(), store, this, clock, memory.account(), shared ? bus : null);
        queueQuota.created(queue, creator);
        return queue;
    }

    /**
     * Forgets every queue that has been empty with no consumer for {@code idleMillis}; returns
     * how many. The next frame that names one creates it afresh.
     */
    public int reclaimIdleQueues(long idleMillis) {
        long now = clock.millis();
        int reclaimed = 0;
        for (Queue queue : queues.values()) {
            if (queue.retireIfIdle(now, idleMillis)) {
                retired(queue);
                reclaimed++;
            }
        }
        return reclaimed;
    }

    /** How many queues each principal created that still exist, by name. */
    public Map<String, Integer> queuesByCreator() {
        return queueQuota.byPrincipal();
    }

    /** How many durable subscriptions each principal created, by name. */
    public Map<String, Integer> durableSubscriptionsByCreator() {
        return durables.countsByPrincipal();
    }

    /** No depth set means no count: the memory cap bounds the queues. */
    private int queueDepthLimit() {
        return config.maxQueueDepth() == 0 ? Integer.MAX_VALUE : config.maxQueueDepth();
    }

    @Override
    public CompletableFuture<Void> deadLetter(Message message, String queue, String reason, boolean stored) {
        observer.messageDeadLettered(queue, reason);
        String target = config.deadLetterDestination();
        if (queue.equals(target)) {
            LOG.warn("Dropping message {}: it reached the delivery limit on the dead-letter queue itself", message.id());
            return DONE;
        }
        Headers.Builder headers = Headers.builder()
                .addAll(message.headers().without("x-original-destination").without("x-original-message-id")
                        .without("x-dead-letter-reason").without("expires"))
                .add("x-original-destination", queue)
                .add("x-original-message-id", message.id())
                .add("x-dead-letter-reason", reason);
        if (stored && !message.isPersistent()) {
            headers.add("persistent", "true");
        }
        try {
            return publish(message.redirect(ids.next(), target, headers.build()));
        } catch (QueueFullException e) {
            LOG.warn("Dropping message {}: the dead-letter destination {} refused it ({})", message.id(), target,
                    e.getMessage());
            return DONE;
        }
    }

    /**
     * Drops every message waiting on queue {@code name}, and from the store those it kept; returns
     * how many, or {@code -1} when there is no such queue. For a queue the cluster shares, only
     * what this node fetched for its consumers.
     */
    public int purge(String name) {
        Queue queue = queues.get(name);
        if (queue == null) {
            return -1;
        }
        List<Message> dropped = queue.purge();
        for (Message message : dropped) {
            if (queue.stores(message)) {
                store.ack(queue.name(), message.id());
            }
        }
        return dropped.size();
    }

    /** Every queue and durable subscription, then every topic pattern with subscribers, each by name. */
    public List<DestinationSummary> destinations() {
        List<DestinationSummary> all = new ArrayList<>();
        new TreeMap<>(queues).forEach((name, queue) -> {
            // A durable subscription goes by the name a client or an administrator deletes it by.
            boolean durable = DurableSubscriptions.isDurableQueue(name);
            all.add(new DestinationSummary(durable ? DurableSubscriptions.nameOf(name) : name,
                    durable ? DestinationSummary.Kind.DURABLE_SUBSCRIPTION : DestinationSummary.Kind.QUEUE,
                    queue.consumerCount(), queue.depth(), queue.inFlight(), queue.enqueuedCount(), queue.settledCount(),
                    queue.memory().bytes()));
        });
        topics.subscriptionCounts().forEach((pattern, subscribers) -> all.add(new DestinationSummary(pattern,
                DestinationSummary.Kind.TOPIC, subscribers, 0, 0, 0, 0, 0)));
        return all;
    }

    /** Messages waiting in each queue, by name. */
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new TreeMap<>();
        queues.forEach((name, queue) -> depths.put(name, queue.depth()));
        return depths;
    }

    /** Messages in flight (handed to a consumer, not settled) over all queues. */
    public long queueInFlight() {
        long total = 0;
        for (Queue queue : queues.values()) {
            total += queue.inFlight();
        }
        return total;
    }

    /** Stored queue messages kept on disk rather than in memory, over all queues. */
    public long pagedOut() {
        long total = 0;
        for (Queue queue : queues.values()) {
            total += queue.pagedOut();
        }
        return total;
    }

    /** Subscriptions per destination or pattern: topic subscribers and queue consumers. */
    public Map<String, Integer> subscriptionCounts() {
        Map<String, Integer> counts = new TreeMap<>(topics.subscriptionCounts());
        queues.forEach((name, queue) -> {
            int consumers = queue.consumerCount();
            if (consumers > 0) {
                counts.merge(name, consumers, Integer::sum);
            }
        });
        return counts;
    }
}
