package io.stompede.cluster.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.PendingMessage;
import io.stompede.cluster.ClusterBus;
import io.stompede.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's shared queues, one Redis stream each, read through one consumer group that every
 * node joins: a SEND is an XADD (its RECEIPT waits for Redis's answer); a node whose consumers
 * have room reads new entries with XREADGROUP, never more than they asked for; a settled message
 * is XACKed and XDELed; a message no consumer here can take is given back by moving it, in the
 * group's pending list, to a consumer name no node uses, whence any node claims it.
 *
 * <p>Redelivery when a node dies: the group's pending list names the consumer (node id and start)
 * that holds each entry; a node with room claims (XCLAIM) the entries of consumers whose node's
 * heartbeat stopped, and of its own earlier starts. The delivery counter Redis keeps per pending
 * entry carries the delivery count from node to node, for {@code x-delivery-count} and the
 * dead-letter limit.
 *
 * <p>Lost answers: an XREADGROUP whose answer was lost with its connection, or that timed out
 * after Redis ran it, leaves entries pending to this node that it never had. After each
 * reconnect and each failed read a node pages through its own pending list for entries it does
 * not hold and claims them, so they are delivered rather than stuck until the node stops.
 *
 * <p>Memory: a node keeps a few fields for each queue it ever sent to or consumed from, for as
 * long as it runs.
 *
 * <p>Waking: after its XADDs for a queue a node publishes a notice on the queue's channel, one per
 * round trip whatever the number of messages; nodes with room listen to it, and besides look for
 * new and orphaned entries once a tick, so that a notice lost while Redis was away costs a tick.
 *
 * <p>Thread-safe: each queue's fetching state is guarded by its own monitor, never held while
 * calling into the broker; every Redis call is asynchronous.
 */
final class SharedQueues {
    private static final Logger LOG = LoggerFactory.getLogger(SharedQueues.class);
    private static final String GROUP = "consumers";
    private static final String BODY = "m";
    // The owner of given-back entries: no node's consumer, so that every node claims from it.
    private static final String RETURNED = "~returned";
    private static final byte[] NEW = new byte[0];
    private static final byte[] RETURNED_NOTICE = {'r'};
    // A given-back entry looks idle this long at once, so that the first node to try claims it.
    private static final Duration RETURNED_IDLE = Duration.ofDays(1);
    private static final int MAX_READ = 256;
    // XADDs each argument, in order, as one message of the stream KEYS[1].
    private static final String APPEND_ALL = "for i = 1, #ARGV do redis.call('XADD', KEYS[1], '*', 'm', ARGV[i]) end "
            + "return #ARGV";
    // How far the look for entries pending to this node that it never had goes: 64 pages of 256.
    private static final int OWN_SCAN_PAGES = 64;

    private final String nodeId;
    private final Channels channels;
    private final Consumer<String> me;
    private final Duration claimAfter;
    private final Supplier<Set<String>> aliveNodes;
    private final ClusterBus.Inbound inbound;
    private final RedisLink link;
    private final Script appendAll;
    private final int maxWaiting;
    private final ConcurrentHashMap<String, SharedQueue> queues = new ConcurrentHashMap<>();
    final AtomicLong enqueued = new AtomicLong();
    final AtomicLong enqueueFailures = new AtomicLong();
    final AtomicLong fetched = new AtomicLong();
    final AtomicLong claimed = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong givenBack = new AtomicLong();

    /**
     * @param consumerName this node's name in every queue's group: its id and its start, so that
     *                     a restarted node with the same id claims what its last start held
     * @param claimAfter   how long an orphaned entry must have been idle before it is claimed
     * @param aliveNodes   the ids of the nodes whose heartbeat is fresh; empty until known
     */
    SharedQueues(Channels channels, String nodeId, String consumerName, Duration claimAfter,
                 Supplier<Set<String>> aliveNodes, ClusterBus.Inbound inbound, RedisLink link, int maxWaiting) {
        this.maxWaiting = maxWaiting;
        this.nodeId = nodeId;
        this.channels = channels;
        this.me = Consumer.from(GROUP, consumerName);
        this.claimAfter = claimAfter;
        this.aliveNodes = aliveNodes;
        this.inbound = inbound;
        this.link = link;
        this.appendAll = new Script(link.commands(), APPEND_ALL);
    }

    /** The name of this node's consumer in the groups: {@code nodeId@start}. */
    static String consumerName(String nodeId, String start) {
        return nodeId + "@" + start;
    }

    /** XADDs the message to its queue's stream; the stage completes with Redis's answer. */
    CompletableFuture<Void> enqueue(Message message) {
        return enqueue(message.destination(), message);
    }

    /** XADDs the message to the stream of queue {@code name} (a durable subscription's, for a topic message). */
    CompletableFuture<Void> enqueue(String name, Message message) {
        SharedQueue queue = queue(name);
        Add add = new Add(new Envelope(nodeId, message).encode(), new CompletableFuture<>());
        synchronized (queue.adds) {
            if (queue.adding) {
                if (queue.adds.size() >= maxWaiting) {
                    enqueueFailures.incrementAndGet();
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            maxWaiting + " messages already wait for Redis to take them"));
                }
                queue.adds.add(add);
                return add.added;
            }
            queue.adding = true;
        }
        append(queue, List.of(add));
        return add.added;
    }

    /**
     * Appends a batch to the queue's stream: one XADD for one message, one script that XADDs them
     * all, in order, for several; then takes what came meanwhile. One append at a time per queue,
     * so that under load a round trip to Redis carries every SEND made during the last one.
     */
    private void append(SharedQueue queue, List<Add> batch) {
        CompletionStage<?> appended;
        if (batch.size() == 1) {
            appended = commands().xadd(queue.key, Map.of(BODY, batch.get(0).envelope));
        } else {
            byte[][] envelopes = new byte[batch.size()][];
            for (int i = 0; i < envelopes.length; i++) {
                envelopes[i] = batch.get(i).envelope;
            }
            appended = appendAll.run(ScriptOutputType.INTEGER, new String[] {queue.key}, envelopes);
        }
        appended.whenComplete((ignored, failure) -> {
            for (Add add : batch) {
                if (failure == null) {
                    enqueued.incrementAndGet();
                    add.added.complete(null);
                } else {
                    enqueueFailures.incrementAndGet();
                    add.added.completeExceptionally(failure);
                }
            }
            List<Add> next;
            synchronized (queue.adds) {
                if (queue.adds.isEmpty()) {
                    queue.adding = false;
                    next = null;
                } else {
                    next = new ArrayList<>(queue.adds);
                    queue.adds.clear();
                }
            }
            if (next != null) {
                append(queue, next);
            }
        });
        // After the XADDs on the same connection: the notice never comes before what it announces.
        queue.newMessages.request();
    }

    void fetch(String name, int count) {
        SharedQueue queue = queue(name);
        synchronized (queue) {
            // Asked again after all it asked for came: there may be entries no notice announced.
            queue.notified |= queue.outstanding == 0;
            queue.outstanding += count;
            // Under the monitor, so that Redis hears SUBSCRIBE and UNSUBSCRIBE in the order decided.
            if (!queue.listening) {
                queue.listening = true;
                link.subscribe(queue.noticeChannel);
            }
        }
        pump(queue);
    }

    /**
     * Cancels {@code count} of what was asked for: the queue's own count of what it asked and was
     * not handed, so that a fetch from a consumer that came meanwhile is not cancelled with it.
     */
    void stopFetching(String name, int count) {
        SharedQueue queue = queue(name);
        synchronized (queue) {
            queue.outstanding = Math.max(0, queue.outstanding - count);
            if (queue.outstanding == 0 && queue.listening) {
                queue.listening = false;
                link.unsubscribe(queue.noticeChannel);
            }
        }
    }

    void acknowledge(String name, String ticket) {
        SharedQueue queue = queue(name);
        queue.settled.add(ticket);
        queue.acks.request();
    }

    void giveBack(String name, String ticket, int deliveries) {
        SharedQueue queue = queue(name);
        commands().xclaim(queue.key, Consumer.from(GROUP, RETURNED),
                        XClaimArgs.Builder.justid().retryCount(deliveries).idle(RETURNED_IDLE), ticket)
                .whenComplete((ids, failure) -> {
                    if (failure != null) {
                        // Still pending to this node: tried again next tick, never left stuck.
                        queue.unreturned.put(ticket, deliveries);
                        LOG.debug("Node {}: could not give back {} of {}, tried again next tick: {}", nodeId, ticket,
                                name, failure.toString());
                    } else {
                        queue.held.remove(ticket);
                        givenBack.incrementAndGet();
                    }
                });
        link.publish(queue.noticeChannel, RETURNED_NOTICE);
    }

    /** Sends every acknowledgement still queued; the stage completes once Redis answered them all. */
    CompletableFuture<Void> flush() {
        List<CompletableFuture<?>> flushed = new ArrayList<>();
        for (SharedQueue queue : queues.values()) {
            flushed.add(flushAcks(queue).toCompletableFuture());
        }
        return CompletableFuture.allOf(flushed.toArray(CompletableFuture[]::new));
    }

    /** Deletes queue {@code name}'s stream, and with it every message waiting on it and its group. */
    void delete(String name) {
        commands().del(queue(name).key);
    }

    /** The connection to Redis is back: answers may have been lost, so each queue looks for entries it never had. */
    void reconnected() {
        for (SharedQueue queue : queues.values()) {
            synchronized (queue) {
                queue.ownScanDue = true;
            }
        }
    }

    /** Whether {@code channel} is a queue's notice channel; if so, acts on the notice. */
    boolean noticed(String channel, byte[] notice) {
        String name = channels.queueOfNotice(channel);
        if (name == null) {
            return false;
        }
        SharedQueue queue = queues.get(name);
        if (queue != null) {
            synchronized (queue) {
                queue.notified = true;
                queue.scanDue |= notice.length > 0;
            }
            pump(queue);
        }
        return true;
    }

    /**
     * Once a tick: every queue with room looks for entries a notice may have missed and for
     * orphans, and acknowledgements that failed are tried again.
     */
    void tick() {
        for (SharedQueue queue : queues.values()) {
            synchronized (queue) {
                queue.scanDue = true;
                queue.notified = true;
            }
            pump(queue);
            if (!queue.settled.isEmpty()) {
                queue.acks.request();
            }
            for (Map.Entry<String, Integer> unreturned : queue.unreturned.entrySet()) {
                if (queue.unreturned.remove(unreturned.getKey(), unreturned.getValue())) {
                    giveBack(queue.name, unreturned.getKey(), unreturned.getValue());
                }
            }
        }
    }

    private SharedQueue queue(String name) {
        return queues.computeIfAbsent(name, SharedQueue::new);
    }

    private RedisClusterAsyncCommands<String, byte[]> commands() {
        return link.commands();
    }

    /** Reads what the queue asked for, if it asked and no read is under way; reads again while more may be there. */
    private void pump(SharedQueue queue) {
        int wanted;
        boolean scan;
        boolean ownScan;
        boolean createGroup;
        synchronized (queue) {
            if (queue.reading || queue.outstanding <= 0 || !queue.notified) {
                return;
            }
            queue.reading = true;
            queue.notified = false;
            wanted = Math.min(queue.outstanding, MAX_READ);
            scan = queue.scanDue;
            queue.scanDue = false;
            ownScan = scan && queue.ownScanDue;
            queue.ownScanDue &= !ownScan;
            createGroup = !queue.groupReady;
        }
        CompletionStage<?> ready = createGroup ? createGroup(queue) : CompletableFuture.completedFuture(null);
        ready.thenCompose(ignored -> scan ? claimOrphans(queue, wanted, ownScan) : CompletableFuture.completedFuture(List.<Entry>of()))
                .thenCompose(orphans -> orphans.size() >= wanted
                        ? CompletableFuture.completedFuture(new Batch(orphans, true))
                        : readNew(queue, wanted - orphans.size()).thenApply(fresh -> new Batch(orphans, fresh, wanted)))
                .whenComplete((batch, failure) -> {
                    if (failure != null) {
                        readFailed(queue, failure, scan);
                    } else {
                        handOver(queue, batch);
                    }
                });
    }

    private CompletionStage<String> createGroup(SharedQueue queue) {
        return commands().xgroupCreate(XReadArgs.StreamOffset.from(queue.key, "0"), GROUP, XGroupCreateArgs.Builder.mkstream())
                .exceptionally(failure -> {
                    if (!String.valueOf(failure.getMessage()).contains("BUSYGROUP")) {
                        throw new IllegalStateException("XGROUP CREATE failed", failure);
                    }
                    return "exists";
                })
                .thenApply(created -> {
                    synchronized (queue) {
                        queue.groupReady = true;
                    }
                    return created;
                });
    }

    private CompletionStage<List<Entry>> readNew(SharedQueue queue, int count) {
        return commands().xreadgroup(me, XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(queue.key))
                .thenApply(messages -> {
                    List<Entry> entries = new ArrayList<>(messages.size());
                    for (StreamMessage<String, byte[]> message : messages) {
                        entries.add(new Entry(message.getId(), message.getBody().get(BODY), 0));
                    }
                    return entries;
                });
    }

    /**
     * Claims up to {@code count} entries held by consumers no live node answers for: nodes whose
     * heartbeat stopped, this node's earlier starts, and what was given back; with {@code own},
     * first the entries pending to this node that it does not hold.
     */
    private CompletionStage<List<Entry>> claimOrphans(SharedQueue queue, int count, boolean own) {
        if (own) {
            // Pending to this node itself: no other node claims them while it lives.
            return unknownOwn(queue, count, "-", new ArrayList<>(), OWN_SCAN_PAGES).thenCompose(unknown ->
                    unknown.isEmpty() ? claimOrphans(queue, count, false) : claim(queue, unknown, Duration.ZERO));
        }
        return commands().xpending(queue.key, GROUP).thenCompose(summary -> {
            String orphaned = null;
            for (Map.Entry<String, Long> owner : summary.getConsumerMessageCount().entrySet()) {
                if (owner.getValue() > 0 && isOrphan(owner.getKey())) {
                    orphaned = owner.getKey();
                    break;
                }
            }
            if (orphaned == null) {
                return CompletableFuture.completedFuture(List.<Entry>of());
            }
            return commands().xpending(queue.key, Consumer.from(GROUP, orphaned), Range.create("-", "+"), Limit.from(count))
                    .thenCompose(pending -> claim(queue, pending, claimAfter));
        });
    }

    /**
     * Up to {@code count} entries pending to this node that it does not hold, paging through its
     * pending list from {@code from}, at most {@code pages} pages: those it holds come first.
     */
    private CompletionStage<List<PendingMessage>> unknownOwn(SharedQueue queue, int count, String from,
                                                            List<PendingMessage> found, int pages) {
        return commands().xpending(queue.key, me, Range.create(from, "+"), Limit.from(MAX_READ)).thenCompose(page -> {
            for (PendingMessage entry : page) {
                if (found.size() < count && !queue.held.contains(entry.getId())) {
                    found.add(entry);
                }
            }
            if (found.size() >= count || page.size() < MAX_READ || pages <= 1) {
                return CompletableFuture.completedFuture(found);
            }
            return unknownOwn(queue, count, "(" + page.get(page.size() - 1).getId(), found, pages - 1);
        });
    }

    private CompletionStage<List<Entry>> claim(SharedQueue queue, List<PendingMessage> pending, Duration minIdle) {
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Map<String, Long> deliveries = new HashMap<>();
        String[] ids = new String[pending.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pending.get(i).getId();
            deliveries.put(ids[i], pending.get(i).getRedeliveryCount());
        }
        // The minimum idle time makes a second node's claim of the same entries a no-op.
        return commands().xclaim(queue.key, me, XClaimArgs.Builder.minIdleTime(minIdle), ids).thenApply(messages -> {
            List<Entry> entries = new ArrayList<>(messages.size());
            for (StreamMessage<String, byte[]> message : messages) {
                if (message.getBody() == null || message.getBody().get(BODY) == null) {
                    // Deleted meanwhile (acknowledged by a node that was thought dead): nothing to deliver.
                    commands().xack(queue.key, GROUP, message.getId());
                    continue;
                }
                entries.add(new Entry(message.getId(), message.getBody().get(BODY),
                        deliveries.getOrDefault(message.getId(), 1L).intValue()));
            }
            claimed.addAndGet(entries.size());
            return entries;
        });
    }

    private boolean isOrphan(String consumer) {
        if (consumer.equals(me.getName())) {
            return false;
        }
        int at = consumer.lastIndexOf('@');
        String owner = at < 0 ? consumer : consumer.substring(0, at);
        Set<String> alive = aliveNodes.get();
        return owner.equals(nodeId) || (!alive.isEmpty() && !alive.contains(owner));
    }

    private void handOver(SharedQueue queue, Batch batch) {
        for (Entry entry : batch.entries) {
            synchronized (queue) {
                queue.outstanding = Math.max(0, queue.outstanding - 1);
            }
            deliver(queue, entry);
        }
        synchronized (queue) {
            queue.reading = false;
            queue.notified |= batch.full;
        }
        pump(queue);
    }

    private void deliver(SharedQueue queue, Entry entry) {
        Envelope envelope;
        try {
            envelope = Envelope.decode(entry.body);
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warn("Node {}: entry {} of {} is not a message; dropped: {}", nodeId, entry.id, queue.name, e.toString());
            synchronized (queue) {
                // Not handed over, so still owed to the queue, whose count of what is coming stays as it was.
                queue.outstanding++;
            }
            queue.settled.add(entry.id);
            queue.acks.request();
            return;
        }
        fetched.incrementAndGet();
        queue.held.add(entry.id);
        inbound.queued(queue.name, envelope.message(), entry.id, entry.previousDeliveries);
    }

    /** Keeps what the failed read was to do (look for orphans, for lost answers) for the next one. */
    private void readFailed(SharedQueue queue, Throwable failure, boolean scan) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        boolean noGroup = cause instanceof RedisCommandExecutionException && String.valueOf(cause.getMessage()).startsWith("NOGROUP");
        synchronized (queue) {
            queue.reading = false;
            queue.scanDue |= scan;
            // A read or claim that failed, by a timeout say, may have run in Redis all the same.
            queue.ownScanDue = true;
            if (noGroup) {
                // Redis lost the group (restarted without its data): make it again on the next read.
                queue.groupReady = false;
                queue.notified = true;
            }
        }
        if (noGroup) {
            pump(queue);
        } else {
            LOG.debug("Node {}: reading {} failed, tried again next tick: {}", nodeId, queue.name, cause.toString());
        }
    }

    private CompletionStage<?> flushAcks(SharedQueue queue) {
        List<String> ids = new ArrayList<>();
        for (String id; (id = queue.settled.poll()) != null; ) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String[] batch = ids.toArray(String[]::new);
        CompletableFuture<Long> acked = commands().xack(queue.key, GROUP, batch).toCompletableFuture();
        CompletableFuture<Long> deleted = commands().xdel(queue.key, batch).toCompletableFuture();
        return acked.thenCombine(deleted, (a, d) -> a).whenComplete((count, failure) -> {
            if (failure != null) {
                // Kept to try again: an entry never acknowledged would stay pending to a live node.
                queue.settled.addAll(ids);
                LOG.debug("Node {}: acknowledging {} entries of {} failed, tried again next tick: {}", nodeId,
                        ids.size(), queue.name, failure.toString());
            } else {
                ids.forEach(queue.held::remove);
                acknowledged.addAndGet(ids.size());
            }
        });
    }

    /** One queue's keys and this node's fetching state for it. */
    private final class SharedQueue {
        final String name;
        final String key;
        final String noticeChannel;
        final Coalescer newMessages;
        final ConcurrentLinkedQueue<String> settled = new ConcurrentLinkedQueue<>();
        final Coalescer acks;
        // Entries handed to this node's consumers until Redis confirmed them settled or given back,
        // and those whose give-back failed, with their deliveries, to try again.
        final Set<String> held = ConcurrentHashMap.newKeySet();
        // SENDs waiting for the append in flight, and whether one is; guarded by adds.
        final List<Add> adds = new ArrayList<>();
        boolean adding;
        final ConcurrentHashMap<String, Integer> unreturned = new ConcurrentHashMap<>();
        // Guarded by this.
        int outstanding;
        boolean reading;
        boolean listening;
        boolean groupReady;
        // Whether there may be entries to read (a notice came, or the last read was full), and
        // whether to look for orphans first; both true at first.
        boolean notified = true;
        boolean scanDue = true;
        boolean ownScanDue;

        SharedQueue(String name) {
            this.name = name;
            this.key = channels.queueOf(name);
            this.noticeChannel = channels.noticeOf(name);
            this.newMessages = new Coalescer(() -> pubSubNotice(this));
            this.acks = new Coalescer(() -> flushAcks(this));
        }
    }

    private CompletionStage<Long> pubSubNotice(SharedQueue queue) {
        return link.publish(queue.noticeChannel, NEW);
    }

    /** A SEND's encoded envelope, and the stage its RECEIPT waits for. */
    private record Add(byte[] envelope, CompletableFuture<Void> added) {
    }

    /** An entry read or claimed: its stream id, its encoded envelope, and its deliveries before. */
    private record Entry(String id, byte[] body, int previousDeliveries) {
    }

    /** What one read handed over, and whether it filled what was asked (so there may be more). */
    private record Batch(List<Entry> entries, boolean full) {
        Batch(List<Entry> orphans, List<Entry> fresh, int wanted) {
            this(concat(orphans, fresh), orphans.size() + fresh.size() >= wanted);
        }

        private static List<Entry> concat(List<Entry> a, List<Entry> b) {
            if (a.isEmpty()) {
                return b;
            }
            List<Entry> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }
}
