package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.listOf;
import static io.stompede.standalone.ValueTypes.text;

import io.stompede.cluster.redis.RedisClusterBus;
import java.util.List;

/**
 * The keys that make the standalone broker one node of a cluster through Redis
 * ({@link RedisClusterBus}): where Redis is, this node's id, the cluster's name and the queues that
 * stay on each node rather than being shared. Without
 * {@code cluster.redis} the broker is a single node. Immutable.
 */
final class ClusterKeys {
    static final Key<String> REDIS = Key.combined("cluster.redis",
            text("a Redis URI such as redis://127.0.0.1:6379 (rediss:// for TLS), the Sentinels that know it "
                            + "and the master's name: redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster "
                            + "(rediss-sentinel:// for TLS), or nodes of a Redis Cluster: "
                            + "redis-cluster://127.0.0.1:7000,127.0.0.1:7001 (rediss-cluster:// for TLS)",
                    ClusterKeys::isRedisUri),
            null, "Redis through which this broker joins a cluster, sharing its topics and queues: redis://HOST:PORT, "
                    + "redis-sentinel://HOST:PORT,HOST:PORT#MASTER to follow the master the Sentinels name through "
                    + "failovers, or redis-cluster://HOST:PORT,HOST:PORT for a Redis Cluster (rediss:// and so on for "
                    + "TLS); none: a single node.");
    static final Key<String> NODE_ID = Key.combined("cluster.node-id", text("a non-empty id", s -> !s.isBlank()),
            null, "This node's id as the others see it; none: a random one at each start.");
    static final Key<String> NAME = Key.combined("cluster.name", text("a non-empty name", s -> !s.isBlank()),
            "stompede", "Prefix of the cluster's Redis keys and channels: two clusters on one Redis need two.");

    static final Key<List<String>> LOCAL_QUEUES = Key.combined("cluster.local-queues",
            listOf(text("a queue name prefix such as /queue/local.", s -> s.startsWith("/"))), List.of(),
            "Queues whose names start with one of these stay on the node that received the SEND; the others are shared.");

    static final List<Key<?>> KEYS = List.of(REDIS, NODE_ID, NAME, LOCAL_QUEUES);

    static final List<Combined> COMBINED = List.of(Combined.of((b, s) -> {
        if (s.get(REDIS) != null) {
            RedisClusterBus.Builder bus = RedisClusterBus.builder(s.get(REDIS)).clusterName(s.get(NAME))
                    .localQueues(s.get(LOCAL_QUEUES).toArray(String[]::new));
            if (s.get(NODE_ID) != null) {
                bus.nodeId(s.get(NODE_ID));
            }
            b.cluster(bus.build());
        }
    }, REDIS, NODE_ID, NAME, LOCAL_QUEUES));

    /** A single Redis, Sentinels to ask for one, or a Redis Cluster's nodes; each with or without TLS. */
    private static boolean isRedisUri(String text) {
        for (String scheme : List.of("redis", "redis-sentinel", "redis-cluster")) {
            if (text.startsWith(scheme + "://") || text.startsWith(scheme.replaceFirst("redis", "rediss") + "://")) {
                return true;
            }
        }
        return false;
    }

    private ClusterKeys() {
    }
}
