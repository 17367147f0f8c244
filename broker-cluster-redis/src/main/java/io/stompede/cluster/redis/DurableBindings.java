package io.stompede.cluster.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.stompede.destination.SubscriptionRegistry;
import io.stompede.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's durable subscriptions: which topic pattern feeds each, kept in one Redis hash
 * ({@code CLUSTER:durables}, queue name to pattern) that every node caches. A node that publishes
 * a topic message appends it to the backlog of every durable subscription whose pattern matches,
 * whichever node it was made on; the backlog is a shared queue ({@link SharedQueues}), which the
 * subscriber consumes from whatever node it comes back to.
 *
 * <p>Freshness: the bindings carry a version ({@code CLUSTER:durables-version}), raised by each new
 * one and announced on a channel; each node reads the bindings again when it hears of it (and
 * every few heartbeats besides) and records the version it holds ({@code CLUSTER:durables-seen}).
 * A new binding is complete, and its SUBSCRIBE receipted, once every live node holds it (or the
 * node timeout passed), so that no node publishes past a subscription it does not know.
 *
 * <p>Thread-safe: the cache is an immutable snapshot replaced whole.
 */
final class DurableBindings {
    private static final Logger LOG = LoggerFactory.getLogger(DurableBindings.class);
    private static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);
    private static final long POLL_MILLIS = 10;

    private final String nodeId;
    private final String hashKey;
    private final String versionKey;
    private final String seenKey;
    private final String noticeChannel;
    private final RedisLink link;
    private final SharedQueues queues;
    private final Supplier<Set<String>> aliveNodes;
    private final ScheduledExecutorService timer;
    private final Duration nodeTimeout;
    private volatile Snapshot snapshot = new Snapshot(Map.of());

    DurableBindings(String clusterName, String nodeId, RedisLink link, SharedQueues queues,
                    Supplier<Set<String>> aliveNodes, Duration nodeTimeout) {
        this.nodeId = nodeId;
        this.hashKey = clusterName + ":durables";
        this.versionKey = clusterName + ":durables-version";
        this.seenKey = clusterName + ":durables-seen";
        this.noticeChannel = clusterName + ":durables-changed";
        this.link = link;
        this.queues = queues;
        this.aliveNodes = aliveNodes;
        this.timer = link.timer();
        this.nodeTimeout = nodeTimeout;
    }

    /** The channel on which bindings made and deleted are announced, which every node hears. */
    String noticeChannel() {
        return noticeChannel;
    }

    /**
     * Reads every binding again and records the version this node holds; the stage completes
     * once the cache holds them. The version is read first, so the bindings read are at least
     * those of that version.
     */
    CompletableFuture<Void> refresh() {
        return commands().get(versionKey).toCompletableFuture().thenCompose(version -> commands().hgetall(hashKey)
                .thenAccept(all -> {
                    Map<String, String> bindings = new HashMap<>();
                    all.forEach((queue, pattern) -> bindings.put(queue, new String(pattern, StandardCharsets.UTF_8)));
                    snapshot = new Snapshot(bindings);
                    if (version != null) {
                        commands().hset(seenKey, nodeId, version);
                    }
                }));
    }

    CompletionStage<Void> bind(String queue, String pattern) {
        byte[] value = pattern.getBytes(StandardCharsets.UTF_8);
        return commands().hsetnx(hashKey, queue, value).thenCompose(created -> created
                        ? CompletableFuture.completedFuture(pattern)
                        : commands().hget(hashKey, queue).thenApply(bound -> new String(bound, StandardCharsets.UTF_8)))
                .thenCompose(bound -> {
                    if (!bound.equals(pattern)) {
                        throw new IllegalStateException("durable subscription " + queue + " is bound to " + bound);
                    }
                    remember(queue, pattern);
                    return commands().incr(versionKey);
                })
                .thenCompose(version -> {
                    link.publish(noticeChannel, Long.toString(version).getBytes(StandardCharsets.US_ASCII));
                    CompletableFuture<Void> known = new CompletableFuture<>();
                    awaitSeen(version, System.nanoTime() + nodeTimeout.toNanos(), known);
                    return known;
                });
    }

    /** Completes {@code known} once every live node recorded {@code version}, or at {@code deadline}. */
    private void awaitSeen(long version, long deadline, CompletableFuture<Void> known) {
        commands().hgetall(seenKey).whenComplete((seen, failure) -> {
            Set<String> behind = new HashSet<>(aliveNodes.get());
            if (seen != null) {
                seen.forEach((node, held) -> {
                    if (Long.parseLong(new String(held, StandardCharsets.US_ASCII)) >= version) {
                        behind.remove(node);
                    }
                });
            }
            if (behind.isEmpty()) {
                known.complete(null);
            } else if (System.nanoTime() - deadline > 0) {
                LOG.warn("Node {}: nodes {} did not confirm durable subscriptions version {} in {}; going on", nodeId,
                        behind, version, nodeTimeout);
                known.complete(null);
            } else {
                timer.schedule(() -> awaitSeen(version, deadline, known), POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    String pattern(String queue) {
        return snapshot.bindings.get(queue);
    }

    void unbind(String queue) {
        Map<String, String> without = new HashMap<>(snapshot.bindings);
        without.remove(queue);
        snapshot = new Snapshot(without);
        commands().hdel(hashKey, queue);
        queues.delete(queue);
        link.publish(noticeChannel, new byte[0]);
    }

    /** Appends {@code message} to the backlog of every matching durable subscription. */
    CompletionStage<Void> enqueue(Message message) {
        List<String> matching = snapshot.registry.match(message.destination());
        if (matching.isEmpty()) {
            return NONE;
        }
        CompletableFuture<?>[] added = new CompletableFuture<?>[matching.size()];
        for (int i = 0; i < added.length; i++) {
            added[i] = queues.enqueue(matching.get(i), message);
        }
        return CompletableFuture.allOf(added);
    }

    /** Whether {@code channel} is the bindings' notice channel; if so, reads them again. */
    boolean noticed(String channel) {
        if (!channel.equals(noticeChannel)) {
            return false;
        }
        refresh().whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.debug("Node {}: reading the durable subscriptions failed: {}", nodeId, failure.toString());
            }
        });
        return true;
    }

    private void remember(String queue, String pattern) {
        if (!pattern.equals(snapshot.bindings.get(queue))) {
            Map<String, String> with = new HashMap<>(snapshot.bindings);
            with.put(queue, pattern);
            snapshot = new Snapshot(with);
        }
    }

    private RedisClusterAsyncCommands<String, byte[]> commands() {
        return link.commands();
    }

    /** The bindings, and a registry of their queue names by pattern to match destinations with. */
    private static final class Snapshot {
        final Map<String, String> bindings;
        final SubscriptionRegistry<String> registry = new SubscriptionRegistry<>();

        Snapshot(Map<String, String> bindings) {
            this.bindings = Map.copyOf(bindings);
            bindings.forEach((queue, pattern) -> registry.add(pattern, queue));
        }
    }
}
