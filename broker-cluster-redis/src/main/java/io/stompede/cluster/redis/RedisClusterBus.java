package io.stompede.cluster.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.stompede.cluster.ClusterBus;
import io.stompede.cluster.SessionRecord;
import io.stompede.message.Message;
import io.stompede.message.Position;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a broker one node of several that share their topics through one Redis: a SEND on any
 * node reaches every matching subscriber on every node, wildcards included, in the order each
 * node published to each destination.
 *
 * <pre>{@code
 * Broker broker = Broker.builder()
 *         .clusterBus(RedisClusterBus.builder("redis://127.0.0.1:6379").nodeId("node-1").build())
 *         .build();
 * }</pre>
 *
 * <p>How: each topic message is encoded once, whatever the number of subscribers, and PUBLISHed
 * to its topic's channel on one connection, so that Redis keeps the node's order; under load one
 * PUBLISH carries every message sent to the channel during the last one's round trip
 * ({@link TopicPublisher}). Each node SUBSCRIBEs to
 * the channels of the topics it has subscribers for and PSUBSCRIBEs to a channel pattern per
 * wildcard subscription, following SUBSCRIBE and UNSUBSCRIBE, so that rooms on other nodes cost
 * it nothing; Lettuce subscribes again after a reconnect. Every node writes a heartbeat into a
 * sorted set ({@code CLUSTER:nodes}), so that {@link #nodes()} lists those alive.
 *
 * <p>Where Redis is: {@code redis://HOST:PORT} ({@code rediss://} for TLS), Sentinels as
 * {@code redis-sentinel://HOST:PORT,HOST:PORT#MASTER}, or a Redis Cluster by some of its nodes as
 * {@code redis-cluster://HOST:PORT,HOST:PORT}. On a Redis Cluster every channel is sharded
 * (SPUBLISH, SSUBSCRIBE) and spread over the slots by its destination; a wildcard subscription,
 * which sharded channels cannot express, has a channel of its own, to which publishers also send
 * the messages that match it ({@link SharedPatterns}).
 *
 * <p>Queues are shared too, unless declared local ({@link Builder#localQueues}): each queue is a
 * Redis stream that every node reads through one consumer group, so that each message goes to
 * one consumer among all nodes, a SEND's RECEIPT waits until Redis holds the message, and what a
 * dead node's consumers held is redelivered by another node once its heartbeat is older than the
 * node timeout (see {@link SharedQueues}).
 *
 * <p>Topic history is kept in Redis for every node: a stream per topic that retains history,
 * trimmed to its length, so that {@code x-history:N} on any node returns the last N messages
 * published on all of them, and {@code x-since-offset} those after a position. A message of such
 * a topic gets its position (offset and epoch) from Redis: one script gives it its offset,
 * appends it to the history and publishes it ({@link HistoryStreams}), batched per topic as
 * other publishes are; every node, the publishing one included, delivers it as it hears it, so
 * that each node sees the same position for it, in the order of the offsets. The publishing
 * node's own subscribers thus get it after a round trip to Redis; while Redis is unreachable they
 * still get it, without a position (it is in no history).
 *
 * <p>Topic delivery across nodes is at most once, as Redis pub/sub is: while Redis is unreachable, this
 * node's own subscribers still get its messages, the other nodes miss them, and the publishes
 * refused meanwhile are counted ({@link Stats#publishFailures()}). Commands waiting for Redis
 * are bounded ({@link Builder#maxQueuedCommands}); none blocks the caller.
 *
 * <p>Thread-safe. The broker starts the bus when it is built (which connects, and fails when Redis
 * cannot be reached) and closes it when closed.
 */
public final class RedisClusterBus implements ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterBus.class);
    // How many heartbeats between two summaries in the log: a minute, at the default interval.
    private static final int SUMMARY_BEATS = 60;

    private final String uri;
    // Where Redis is, for logs: the URI without its credentials.
    private final String location;
    private final String nodeId;
    private final String nodesKey;
    private final String clusterName;
    private final Duration heartbeatInterval;
    private final Duration nodeTimeout;
    private final int maxQueuedCommands;
    private final Duration commandTimeout;
    private final List<String> localQueuePrefixes;
    private final String consumerName;
    // Subscribers of each channel or channel pattern on this node: several STOMP patterns may
    // share one Redis pattern. Changed inside compute, so that for one key Redis hears
    // SUBSCRIBE and UNSUBSCRIBE in the order they happened.
    private final ConcurrentHashMap<String, Integer> interest = new ConcurrentHashMap<>();
    // Channels and patterns Redis confirmed subscribing this node to, and the confirmation of each
    // channel and pattern this node subscribed to, which a history read and a session's hand-over wait for.
    private final AtomicInteger confirmed = new AtomicInteger();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> subscribed = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong roundTripMicros = new AtomicLong(-1);
    private final RecentIds recent = new RecentIds(4096);

    private volatile RedisLink link;
    private volatile Channels channels;
    private volatile Set<String> alive = Set.of();
    private volatile SessionRecords sessions;
    private Consumer<String> sessionClaimed = key -> { };
    private volatile SharedQueues queues;
    private DurableBindings durables;
    private SharedPatterns patterns;
    private TopicPublisher publisher;
    private TopicPublisher patternPublisher;
    private HistoryStreams histories;
    // Topics that retain history, by name, and their lengths, as the router last said.
    private final ConcurrentHashMap<String, Integer> historyLengths = new ConcurrentHashMap<>();
    private TopicPublisher historyPublisher;
    private Inbound inbound;
    private int beats;
    private ScheduledFuture<?> heartbeat;
    private volatile boolean closed;

    private RedisClusterBus(Builder builder) {
        this.uri = builder.uri;
        this.location = builder.uri.replaceFirst("//[^/@]*@", "//");
        this.nodeId = builder.nodeId;
        this.nodesKey = builder.clusterName + ":nodes";
        this.clusterName = builder.clusterName;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.nodeTimeout = builder.nodeTimeout;
        this.maxQueuedCommands = builder.maxQueuedCommands;
        this.commandTimeout = builder.commandTimeout;
        this.localQueuePrefixes = List.copyOf(builder.localQueuePrefixes);
        this.consumerName = SharedQueues.consumerName(nodeId, Long.toString(System.currentTimeMillis(), 36)
                + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Starts configuring a bus to the Redis at {@code uri} ({@code redis://HOST:PORT}, or {@code rediss://} for TLS). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** This node's id, as the other nodes see it. */
    public String nodeId() {
        return nodeId;
    }

    /** This node's consumer name in the shared queues' groups: its id and its start. */
    String consumerName() {
        return consumerName;
    }

    @Override
    public void start(Inbound inbound) {
        link = RedisLink.connect(uri, maxQueuedCommands, commandTimeout, new ConnectionStates());
        channels = new Channels(clusterName, link.sharded());
        queues = new SharedQueues(channels, nodeId, consumerName, heartbeatInterval, () -> alive, inbound, link,
                maxQueuedCommands);
        durables = new DurableBindings(clusterName, nodeId, link, queues, () -> alive, nodeTimeout);
        patterns = new SharedPatterns(clusterName, nodeId, link, () -> alive, nodeTimeout);
        sessions = new SessionRecords(clusterName, nodeId, consumerName, link, () -> alive);
        sessions.onClaimed(sessionClaimed);
        publisher = new TopicPublisher(link, maxQueuedCommands, published, this::publishFailed);
        // Pattern channels' copies are not counted as messages published, nor their failures twice.
        patternPublisher = new TopicPublisher(link, maxQueuedCommands, new AtomicLong(), failure -> { });
        this.inbound = inbound;
        histories = new HistoryStreams(link, channels);
        historyPublisher = new TopicPublisher(this::appendToHistory, maxQueuedCommands, published, this::publishFailed);
        link.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                heard(inbound, channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                arrived(inbound, message);
            }

            @Override
            public void smessage(String channel, byte[] message) {
                heard(inbound, channel, message);
            }
        });
        try {
            // Known before the first publish, so that no topic message misses a durable subscription.
            link.subscribe(durables.noticeChannel()).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            link.subscribe(sessions.claimsChannel()).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            durables.refresh().get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (link.sharded()) {
                link.subscribe(patterns.noticeChannel()).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            link.close();
            throw new IllegalStateException("could not read the cluster's durable subscriptions from " + location, e);
        }
        beat();
        heartbeat = link.timer().scheduleAtFixedRate(this::beatSafely, heartbeatInterval.toMillis(),
                heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Node {} joined the cluster through {}{}", nodeId, location, link.sharded() ? " (Redis Cluster)" : "");
    }

    /** A message on a channel: a queue's or the durable subscriptions' or patterns' notice, or a topic message. */
    private void heard(Inbound inbound, String channel, byte[] message) {
        if (!queues.noticed(channel, message) && !durables.noticed(channel) && !patterns.noticed(channel)
                && !sessions.noticed(channel, message)) {
            arrived(inbound, message);
        }
    }

    /** Logs and counts what happens to this node's own connections to Redis. */
    private final class ConnectionStates implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (closed) {
                return;
            }
            LOG.info("Node {} is connected to Redis ({})", nodeId, address);
            SharedQueues shared = queues;
            if (shared != null) {
                shared.reconnected();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (closed) {
                return;
            }
            disconnects.incrementAndGet();
            LOG.warn("Node {} lost a connection to Redis; its own subscribers are still served, the other nodes "
                    + "miss its topic messages until it is back", nodeId);
        }
    }

    private void arrived(Inbound inbound, byte[] payload) {
        List<Envelope> envelopes;
        try {
            envelopes = Envelope.decodeAll(payload);
        } catch (IllegalArgumentException e) {
            undecodable.incrementAndGet();
            LOG.warn("Dropped a message from the bus that is not an envelope: {}", e.getMessage());
            return;
        }
        for (Envelope envelope : envelopes) {
            if (envelope.origin().equals(nodeId) && Position.of(envelope.message()) == null) {
                continue;    // this node's own, delivered here when it was published; positioned ones are not
            }
            if (!recent.firstTime(envelope.message().id())) {
                continue;    // heard through a second subscription that matches it
            }
            received.incrementAndGet();
            inbound.deliver(envelope.message());
        }
    }

    private void publishFailed(Throwable failure) {
        if (publishFailures.incrementAndGet() == 1 || LOG.isDebugEnabled()) {
            LOG.warn("Node {}: a topic message did not reach the other nodes: {}", nodeId, failure.toString());
        }
    }

    @Override
    public void published(Message message) {
        if (closed) {
            return;
        }
        byte[] encoded = new Envelope(nodeId, message).encode();
        if (link.sharded()) {
            for (String pattern : patterns.matching(message.destination())) {
                patternPublisher.publish(channels.ofPattern(pattern), encoded);
            }
        }
        publisher.publish(channels.of(message.destination()), encoded);
    }

    @Override
    public void interested(String pattern) {
        boolean wildcard = Channels.isWildcard(pattern);
        boolean globbed = wildcard && !link.sharded();
        interest.compute(channelOf(pattern), (k, count) -> {
            if (count == null) {
                CompletableFuture<Void> done = (globbed ? link.psubscribe(k) : link.subscribe(k))
                        .thenRun(confirmed::incrementAndGet).toCompletableFuture();
                subscribed.put(k, done);
                if (wildcard && !globbed) {
                    patterns.add(pattern);
                }
                return 1;
            }
            return count + 1;
        });
    }

    /**
     * Where this node hears {@code pattern}'s messages: a topic's channel, or for a wildcard the
     * Redis pattern that covers it, or on a Redis Cluster the wildcard's own channel.
     */
    private String channelOf(String pattern) {
        if (!Channels.isWildcard(pattern)) {
            return channels.of(pattern);
        }
        return link.sharded() ? channels.ofPattern(pattern) : channels.patternOf(pattern);
    }

    @Override
    public void uninterested(String pattern) {
        boolean wildcard = Channels.isWildcard(pattern);
        boolean globbed = wildcard && !link.sharded();
        interest.computeIfPresent(channelOf(pattern), (k, count) -> {
            if (count == 1) {
                (globbed ? link.punsubscribe(k) : link.unsubscribe(k)).thenRun(confirmed::decrementAndGet);
                subscribed.remove(k);
                if (wildcard && !globbed) {
                    patterns.remove(pattern);
                }
                return null;
            }
            return count - 1;
        });
    }

    @Override
    public boolean keepsHistory() {
        return true;
    }

    /**
     * Hands the message to its topic's history script, with those sent to the topic while the
     * last batch was in flight: Redis gives it its position, keeps it and publishes it, and this
     * node delivers it when it hears it, as every node does.
     */
    @Override
    public void retain(Message message, int count) {
        if (closed) {
            return;
        }
        historyLengths.put(message.destination(), count);
        historyPublisher.publish(message.destination(), new Envelope(nodeId, message).encode());
    }

    /**
     * One batch of a topic's messages through the history script, once this node hears the
     * topic's channel (so that its own subscribers get them back); on a Redis Cluster, then their
     * positioned copies to the channels of matching wildcards. When Redis refuses, this node's own
     * subscribers get them all the same, without a position.
     */
    private CompletionStage<?> appendToHistory(String topic, List<byte[]> envelopes) {
        CompletableFuture<Void> hearing = subscribed.getOrDefault(channels.of(topic), CompletableFuture.completedFuture(null))
                .exceptionally(failure -> null);
        return hearing.thenCompose(ignored -> histories.append(topic, historyLengths.getOrDefault(topic, 1), envelopes))
                .whenComplete((appended, failure) -> {
                    if (failure != null) {
                        envelopes.forEach(envelope -> inbound.deliver(Envelope.decode(envelope).message()));
                    } else if (link.sharded()) {
                        for (String pattern : patterns.matching(topic)) {
                            for (int i = 0; i < envelopes.size(); i++) {
                                patternPublisher.publish(channels.ofPattern(pattern),
                                        Envelope.positioned(appended.epoch(), appended.firstOffset() + i, envelopes.get(i)));
                            }
                        }
                    }
                });
    }

    @Override
    public CompletionStage<History> history(String topic, int count, Position since) {
        // A SUBSCRIBE refused while Redis was away does not stop the history from being read.
        CompletableFuture<Void> hearing = subscribed.getOrDefault(channels.of(topic), CompletableFuture.completedFuture(null))
                .exceptionally(failure -> null);
        return hearing.thenCompose(ignored -> histories.read(topic, count, since));
    }

    @Override
    public boolean sharesDurableSubscriptions() {
        return true;
    }

    @Override
    public CompletionStage<Void> bindDurable(String queue, String pattern) {
        return durables.bind(queue, pattern);
    }

    @Override
    public String durablePattern(String queue) {
        return durables.pattern(queue);
    }

    @Override
    public void unbindDurable(String queue) {
        if (!closed) {
            durables.unbind(queue);
        }
    }

    @Override
    public CompletionStage<Void> enqueueForDurables(Message message) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the node left the cluster"));
        }
        return durables.enqueue(message);
    }

    @Override
    public boolean sharesSessions() {
        return true;
    }

    @Override
    public void keepSession(String key, SessionRecord record, long ttlMillis) {
        if (!closed) {
            sessions.keep(key, record, ttlMillis);
        }
    }

    @Override
    public void forgetSession(String key) {
        if (!closed) {
            sessions.forget(key);
        }
    }

    @Override
    public CompletionStage<SessionRecord.Claimed> claimSession(String key, String principal) {
        return sessions.claim(key, principal);
    }

    @Override
    public CompletionStage<SessionRecord.HandedOver> askHandOver(SessionRecord.Claimed claimed) {
        List<CompletableFuture<Void>> hearing = new ArrayList<>();
        for (SessionRecord.Subscription subscription : claimed.record().subscriptions()) {
            CompletableFuture<Void> heard = subscribed.get(channelOf(subscription.destination()));
            if (heard != null) {
                hearing.add(heard.exceptionally(failure -> null));
            }
        }
        return sessions.askHandOver(claimed, CompletableFuture.allOf(hearing.toArray(CompletableFuture[]::new)));
    }

    @Override
    public void onSessionClaimed(Consumer<String> claimed) {
        this.sessionClaimed = claimed;
    }

    @Override
    public void handOverSession(String key, Map<String, List<Message>> kept, long missed) {
        if (!closed) {
            sessions.handOver(key, kept, missed);
        }
    }

    @Override
    public void sessionNotHeld(String key) {
        if (!closed) {
            sessions.notHeld(key);
        }
    }

    @Override
    public boolean sharesQueue(String queue) {
        for (String prefix : localQueuePrefixes) {
            if (queue.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CompletionStage<Void> enqueue(Message message) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the node left the cluster"));
        }
        return queues.enqueue(message);
    }

    @Override
    public void fetch(String queue, int count) {
        if (!closed) {
            queues.fetch(queue, count);
        }
    }

    @Override
    public void stopFetching(String queue, int count) {
        if (!closed) {
            queues.stopFetching(queue, count);
        }
    }

    @Override
    public void acknowledge(String queue, String ticket) {
        if (!closed) {
            queues.acknowledge(queue, ticket);
        }
    }

    @Override
    public void giveBack(String queue, String ticket, int deliveries) {
        if (!closed) {
            queues.giveBack(queue, ticket, deliveries);
        }
    }

    /** The ids of the nodes whose heartbeat is younger than the node timeout, this one included. */
    public CompletableFuture<List<String>> nodes() {
        long now = System.currentTimeMillis();
        return link.commands().zrangebyscore(nodesKey, Range.create(now - nodeTimeout.toMillis(), Double.POSITIVE_INFINITY))
                .toCompletableFuture()
                .thenApply(members -> {
                    List<String> ids = new ArrayList<>(members.size());
                    members.forEach(member -> ids.add(new String(member, StandardCharsets.UTF_8)));
                    return ids;
                });
    }

    /**
     * Whether this node is connected to Redis now: started, not closed, and both its connections
     * (commands and pub/sub) up. False while Lettuce reconnects, during which the other nodes miss
     * this node's topic messages; a readiness probe reports it.
     */
    public boolean connected() {
        RedisLink now = link;
        return !closed && now != null && now.isOpen();
    }

    /** What went through the bus so far. */
    public Stats stats() {
        return new Stats(published.get(), publishFailures.get(), received.get(), undecodable.get(), confirmed.get(),
                disconnects.get(), roundTripMicros.get(), queues.enqueued.get(), queues.enqueueFailures.get(),
                queues.fetched.get(), queues.claimed.get(), queues.acknowledged.get(), queues.givenBack.get());
    }

    /** A beat whose failure is logged, not left to end the schedule: a node that stops beating is taken for dead. */
    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Node {}: a heartbeat failed; the next one is tried as usual", nodeId, e);
        }
    }

    private void beat() {
        long now = System.currentTimeMillis();
        long sent = System.nanoTime();
        // The heartbeat's answer times the round trip to Redis, once a beat.
        link.commands().zadd(nodesKey, (double) now, nodeId.getBytes(StandardCharsets.UTF_8)).thenRun(() ->
                roundTripMicros.set(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent)));
        // Forget nodes long gone, so that the set does not grow with every restart.
        link.commands().zremrangebyscore(nodesKey, Range.create(Double.NEGATIVE_INFINITY, now - 10 * nodeTimeout.toMillis()));
        nodes().thenAccept(this::seen);
        queues.tick();
        if (link.sharded()) {
            patterns.tick();
        }
        // Notices keep the bindings fresh; a read every few beats makes up for one missed.
        if (++beats % 5 == 0) {
            durables.refresh();
        }
        if (beats % SUMMARY_BEATS == 0) {
            Stats stats = stats();
            LOG.info("Node {}: {} node(s) alive {}; topic messages out {} in {}; queue messages enqueued {} fetched {} "
                    + "(claimed {}) acknowledged {}; {} refused; Redis round trip {} µs; {} connection(s) lost",
                    nodeId, alive.size(), new TreeSet<>(alive), stats.published(), stats.received(), stats.enqueued(),
                    stats.fetched(), stats.claimed(), stats.acknowledged(),
                    stats.publishFailures() + stats.enqueueFailures(), stats.roundTripMicros(), stats.disconnects());
        }
    }

    /** The nodes whose heartbeat is fresh now; those that came or went since the last beat are logged. */
    private void seen(List<String> ids) {
        Set<String> now = Set.copyOf(ids);
        Set<String> before = alive;
        if (!before.isEmpty()) {
            for (String id : now) {
                if (!before.contains(id)) {
                    LOG.info("Node {} sees node {} join the cluster", nodeId, id);
                }
            }
            for (String id : before) {
                if (!now.contains(id)) {
                    LOG.warn("Node {}: node {} left the cluster or stopped heart-beating; what its consumers held goes to "
                            + "the others", nodeId, id);
                }
            }
        }
        alive = now;
    }

    @Override
    public void close() {
        if (closed || heartbeat == null) {
            closed = true;
            return;
        }
        heartbeat.cancel(false);
        try {
            // Acknowledgements still queued reach Redis before the node goes: else the others,
            // finding the node gone, would deliver acknowledged messages again.
            queues.flush().get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Node {} left acknowledgements unsent; their messages may be delivered again: {}", nodeId,
                    e.toString());
        }
        closed = true;
        try {
            link.commands().zrem(nodesKey, nodeId.getBytes(StandardCharsets.UTF_8)).get(commandTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("Node {} could not take itself off the node list: {}", nodeId, e.toString());
        }
        link.close();
        LOG.info("Node {} left the cluster", nodeId);
    }

    @Override
    public String toString() {
        return "RedisClusterBus[" + nodeId + " via " + location + "]";
    }

    /**
     * Messages through the bus since it started.
     *
     * @param published       topic messages Redis accepted from this node
     * @param publishFailures topic messages that did not reach Redis (unreachable, or too many waiting)
     * @param received        other nodes' messages delivered here
     * @param undecodable     messages on the cluster's channels that were not envelopes, dropped
     * @param subscriptions   channels and channel patterns Redis confirmed this node subscribes to
     * @param disconnects     connections to Redis lost (Lettuce reconnects each by itself)
     * @param roundTripMicros the last heartbeat's round trip to Redis, in microseconds; -1 before the first
     * @param enqueued        shared queue messages Redis accepted from this node
     * @param enqueueFailures shared queue messages refused (Redis unreachable, or too many waiting)
     * @param fetched         shared queue messages this node's consumers were handed, claimed ones included
     * @param claimed         of those, messages claimed from dead nodes or given back by others
     * @param acknowledged    shared queue messages this node settled at Redis
     * @param givenBack       shared queue messages this node handed back for other nodes' consumers
     */
    public record Stats(long published, long publishFailures, long received, long undecodable, int subscriptions,
                        long disconnects, long roundTripMicros, long enqueued, long enqueueFailures, long fetched,
                        long claimed, long acknowledged, long givenBack) {
    }

    /** Configures a {@link RedisClusterBus}. Confined to the thread that configures it. */
    public static final class Builder {
        private final String uri;
        private String nodeId = UUID.randomUUID().toString();
        private String clusterName = "stompede";
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration nodeTimeout = Duration.ofSeconds(5);
        private int maxQueuedCommands = 10_000;
        private Duration commandTimeout = Duration.ofSeconds(5);
        private final List<String> localQueuePrefixes = new ArrayList<>();

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** This node's id; default a random UUID, new at every start. */
        public Builder nodeId(String id) {
            this.nodeId = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * The prefix of every Redis key and channel the cluster uses; default {@code stompede}.
         * Two clusters on one Redis need two names.
         */
        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * How often this node writes its heartbeat, and how old the last one of a node may be
         * before it counts as gone; default 1 s and 5 s.
         */
        public Builder heartbeat(Duration interval, Duration timeout) {
            if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("need 0 < interval < timeout, got " + interval + " and " + timeout);
            }
            this.heartbeatInterval = interval;
            this.nodeTimeout = timeout;
            return this;
        }

        /**
         * How many commands may wait for Redis on one connection, and topic messages for one
         * channel's PUBLISH in flight; past it, and while Redis is unreachable, a topic message is
         * not sent to the other nodes (and counted) and a queue SEND is refused. Default 10,000.
         */
        public Builder maxQueuedCommands(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxQueuedCommands must be positive, was " + max);
            }
            this.maxQueuedCommands = max;
            return this;
        }

        /**
         * Queues whose names start with one of {@code prefixes} stay on the node that received the
         * SEND, as on a single broker (with its journal, if it has one); every other queue is
         * shared by the cluster. Default: none, every queue is shared.
         */
        public Builder localQueues(String... prefixes) {
            for (String prefix : prefixes) {
                if (prefix.isEmpty()) {
                    throw new IllegalArgumentException("an empty prefix would keep every queue local");
                }
                localQueuePrefixes.add(prefix);
            }
            return this;
        }

        /**
         * How long a Redis command may wait for its answer before it fails (a topic message not
         * passed on, a queue SEND refused, a read tried again); default 5 s.
         */
        public Builder commandTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, was " + timeout);
            }
            this.commandTimeout = timeout;
            return this;
        }

        /** The bus, not connected yet: the broker starts it. */
        public RedisClusterBus build() {
            return new RedisClusterBus(this);
        }
    }
}
