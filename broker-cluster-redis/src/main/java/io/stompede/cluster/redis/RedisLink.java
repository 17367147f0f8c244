package io.stompede.cluster.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node's two connections to Redis, one for commands and one for pub/sub: to a single Redis (or
 * the master that Sentinels name) or to a Redis Cluster; and the commands whose form differs
 * between the two. On a Redis Cluster channels are sharded (SPUBLISH, SSUBSCRIBE), so that a
 * message goes to the shard that owns its channel's slot instead of to every shard, and channel
 * names, hashed whole, spread evenly over the slots.
 *
 * <p>Thread-safe, as Lettuce's connections are. Closing it releases both connections, the client
 * and its threads.
 */
final class RedisLink implements AutoCloseable {
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final String CLUSTER = "redis-cluster://";
    private static final String TLS_CLUSTER = "rediss-cluster://";

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private final boolean sharded;

    private RedisLink(ClientResources resources, AbstractRedisClient client, StatefulConnection<String, byte[]> connection,
                      RedisClusterAsyncCommands<String, byte[]> commands, StatefulRedisPubSubConnection<String, byte[]> pubSub,
                      boolean sharded) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.pubSub = pubSub;
        this.sharded = sharded;
    }

    /** Whether {@code uri} names a Redis Cluster by seed nodes: {@code redis-cluster://HOST:PORT,HOST:PORT}. */
    static boolean isCluster(String uri) {
        return uri.startsWith(CLUSTER) || uri.startsWith(TLS_CLUSTER);
    }

    /**
     * Connects to the Redis of {@code uri}: {@code redis://}, {@code rediss://},
     * {@code redis-sentinel://} and {@code rediss-sentinel://} as Lettuce reads them, or a Redis
     * Cluster's seeds. Commands wait at most {@code commandTimeout} and at most
     * {@code maxQueuedCommands} per connection; while a single Redis is unreachable they are
     * refused (on a Redis Cluster they wait for the shard, within those bounds), and the
     * connections come back by themselves, every second or two at most.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached now
     */
    static RedisLink connect(String uri, int maxQueuedCommands, Duration commandTimeout,
                             RedisConnectionStateListener states) {
        // Reconnects quickly after a failover, whose new master the Sentinels or the cluster name at once.
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        AbstractRedisClient client = null;
        try {
            if (isCluster(uri)) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, seeds(uri));
                client = cluster;
                // A shard's connection opens on its first command, which must wait for it rather than
                // be refused: commands wait (bounded in count and time) while a shard is away.
                cluster.setOptions(ClusterClientOptions.builder(options(maxQueuedCommands, commandTimeout,
                                ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS))
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .enablePeriodicRefresh(Duration.ofSeconds(30))
                                .build())
                        .build());
                cluster.addListener(ownOnly(states));
                StatefulRedisClusterConnection<String, byte[]> commands = cluster.connect(CODEC);
                // Each master's connection open before the first command: commands that wait for a
                // connection being opened may be written in any order, and a topic's PUBLISH must
                // follow its history's XADD.
                for (RedisClusterNode node : commands.getPartitions()) {
                    if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                        commands.getConnection(node.getNodeId());
                    }
                }
                return new RedisLink(resources, cluster, commands, commands.async(), cluster.connectPubSub(CODEC), true);
            }
            RedisClient single = RedisClient.create(resources, RedisURI.create(uri));
            client = single;
            // Topic messages are at most once: refused while Redis is away, not piled up.
            single.setOptions(options(maxQueuedCommands, commandTimeout, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS));
            single.addListener(ownOnly(states));
            StatefulRedisConnection<String, byte[]> commands = single.connect(CODEC);
            return new RedisLink(resources, single, commands, commands.async(), single.connectPubSub(CODEC), false);
        } catch (RuntimeException e) {
            // No threads left behind by a broker that could not be built.
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static ClientOptions options(int maxQueuedCommands, Duration commandTimeout,
                                         ClientOptions.DisconnectedBehavior whileDisconnected) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(whileDisconnected)
                .requestQueueSize(maxQueuedCommands)
                // An answer lost with its connection must fail its command, not leave a read waiting for ever.
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build();
    }

    /** The seed nodes of {@code redis-cluster://[user:password@]HOST:PORT,HOST:PORT}, each with the credentials. */
    static List<RedisURI> seeds(String uri) {
        boolean tls = uri.startsWith(TLS_CLUSTER);
        String rest = uri.substring(tls ? TLS_CLUSTER.length() : CLUSTER.length());
        int at = rest.lastIndexOf('@');
        String credentials = at < 0 ? "" : rest.substring(0, at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : rest.substring(at + 1).split(",")) {
            if (!node.isBlank()) {
                seeds.add(RedisURI.create((tls ? "rediss://" : "redis://") + credentials + node.strip()));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster URI names at least one node: " + uri);
        }
        return seeds;
    }

    /** Whether a connection is one of this link's own rather than a Sentinel lookup's, for the logs and counts. */
    private static boolean isOwn(RedisChannelHandler<?, ?> connection) {
        return !(connection instanceof StatefulRedisSentinelConnection);
    }

    RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    /** Where timers run: the client's own threads. */
    ScheduledExecutorService timer() {
        return resources.eventExecutorGroup();
    }

    void addListener(RedisPubSubListener<String, byte[]> listener) {
        pubSub.addListener(listener);
    }

    /** Whether both connections are up now: false while Lettuce reconnects after losing one. */
    boolean isOpen() {
        return connection.isOpen() && pubSub.isOpen();
    }

    /** Whether channels are sharded, so that patterns of channels cannot be subscribed to. */
    boolean sharded() {
        return sharded;
    }

    /** Sends {@code message} to the subscribers of {@code channel} (SPUBLISH on a Redis Cluster). */
    RedisFuture<Long> publish(String channel, byte[] message) {
        return sharded ? commands.spublish(channel, message) : commands.publish(channel, message);
    }

    /** Subscribes to {@code channel} (SSUBSCRIBE on a Redis Cluster). */
    RedisFuture<Void> subscribe(String channel) {
        return sharded ? pubSub.async().ssubscribe(channel) : pubSub.async().subscribe(channel);
    }

    RedisFuture<Void> unsubscribe(String channel) {
        return sharded ? pubSub.async().sunsubscribe(channel) : pubSub.async().unsubscribe(channel);
    }

    /** Subscribes to a pattern of channels; a single Redis's only (see {@link #sharded()}). */
    RedisFuture<Void> psubscribe(String pattern) {
        return pubSub.async().psubscribe(pattern);
    }

    RedisFuture<Void> punsubscribe(String pattern) {
        return pubSub.async().punsubscribe(pattern);
    }

    @Override
    public void close() {
        pubSub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Tells {@code states} of this link's own connections only. */
    private static RedisConnectionStateListener ownOnly(RedisConnectionStateListener states) {
        return new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (isOwn(connection)) {
                    states.onRedisConnected(connection, address);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (isOwn(connection)) {
                    states.onRedisDisconnected(connection);
                }
            }
        };
    }
}
