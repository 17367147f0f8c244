package io.stompede.cluster.redis;

import io.stompede.destination.SubscriptionRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * On a Redis Cluster, where sharded channels have no patterns: the wildcard patterns that some
 * node has subscribers for, so that a publisher also sends each topic message to the channel of
 * every pattern that matches it. Each node keeps its own patterns in a set
 * ({@code CLUSTER:patterns:NODE}, refreshed every heartbeat and expiring with the node) and reads
 * those of the live nodes when one announces a change, and every heartbeat besides; a new pattern
 * hears other nodes' messages once they read it, which a publish of its notice starts at once.
 *
 * <p>Thread-safe: the patterns of all nodes are an immutable snapshot replaced whole.
 */
final class SharedPatterns {
    private final String nodeId;
    private final String keyPrefix;
    private final String noticeChannel;
    private final RedisLink link;
    private final Supplier<Set<String>> aliveNodes;
    private final Duration nodeTimeout;
    private final Set<String> own = ConcurrentHashMap.newKeySet();
    private volatile SubscriptionRegistry<String> all = new SubscriptionRegistry<>();
    // Reads of the patterns go to several shards, so a later one may complete first: the newest
    // read to complete is the one that holds, not the last. Guarded by this.
    private long readsStarted;
    private long readApplied;

    SharedPatterns(String clusterName, String nodeId, RedisLink link, Supplier<Set<String>> aliveNodes,
                   Duration nodeTimeout) {
        this.nodeId = nodeId;
        this.keyPrefix = clusterName + ":patterns:";
        this.noticeChannel = clusterName + ":patterns-changed";
        this.link = link;
        this.aliveNodes = aliveNodes;
        this.nodeTimeout = nodeTimeout;
    }

    String noticeChannel() {
        return noticeChannel;
    }

    /** This node has its first subscriber on wildcard {@code pattern}. */
    void add(String pattern) {
        own.add(pattern);
        link.commands().sadd(keyPrefix + nodeId, utf8(pattern)).thenRun(this::announce);
    }

    /** This node's last subscriber on wildcard {@code pattern} left. */
    void remove(String pattern) {
        own.remove(pattern);
        link.commands().srem(keyPrefix + nodeId, utf8(pattern)).thenRun(this::announce);
    }

    /** The patterns, of any live node, that {@code destination} matches. */
    List<String> matching(String destination) {
        return all.match(destination);
    }

    /** Whether {@code channel} is the patterns' notice channel; if so, reads them again. */
    boolean noticed(String channel) {
        if (!channel.equals(noticeChannel)) {
            return false;
        }
        refresh();
        return true;
    }

    /**
     * Once a heartbeat: writes this node's patterns again (a restarted Redis lost them) with an
     * expiry past the node timeout, and reads every live node's.
     */
    void tick() {
        String key = keyPrefix + nodeId;
        if (!own.isEmpty()) {
            link.commands().sadd(key, own.stream().map(SharedPatterns::utf8).toArray(byte[][]::new));
        }
        link.commands().pexpire(key, nodeTimeout.multipliedBy(10).toMillis());
        refresh();
    }

    private void refresh() {
        long read;
        synchronized (this) {
            read = ++readsStarted;
        }
        List<CompletableFuture<Set<byte[]>>> reads = new ArrayList<>();
        for (String node : aliveNodes.get()) {
            reads.add(link.commands().smembers(keyPrefix + node).toCompletableFuture());
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenRun(() -> {
            Set<String> patterns = new HashSet<>(own);
            for (CompletableFuture<Set<byte[]>> one : reads) {
                one.join().forEach(pattern -> patterns.add(new String(pattern, StandardCharsets.UTF_8)));
            }
            SubscriptionRegistry<String> registry = new SubscriptionRegistry<>();
            patterns.forEach(pattern -> registry.add(pattern, pattern));
            synchronized (this) {
                // A read started before the last one applied may miss a pattern added since: it is stale.
                if (read > readApplied) {
                    readApplied = read;
                    all = registry;
                }
            }
        });
    }

    private void announce() {
        link.publish(noticeChannel, new byte[0]);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
