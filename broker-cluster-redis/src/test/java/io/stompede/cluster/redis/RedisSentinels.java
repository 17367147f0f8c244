package io.stompede.cluster.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A Redis watched by Sentinels, for one test class: a master and one replica ({@link RedisServer}s,
 * loopback, free ports, no persistence) and one to three Sentinels monitoring the master as
 * {@value #MASTER_NAME}, quick to fail over (down after 1 s). {@link #start} returns once every
 * Sentinel knows the master, its replica and the other Sentinels, so that a failover can be
 * authorized at once; {@link #killMaster} then forces one. Each process has its files in a
 * directory of its own under the one given; {@link #close} stops them all. Where redis-server is
 * not installed the tests are skipped, in CI ({@code STOMPEDE_INTEROP_REQUIRED=true}) they fail,
 * as with {@link RedisServer}.
 */
public final class RedisSentinels implements AutoCloseable {
    /** The name under which the Sentinels monitor the master. */
    public static final String MASTER_NAME = "mymaster";
    private static final Duration READY = Duration.ofSeconds(30);

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<RedisServer> sentinels = new ArrayList<>();
    private final RedisClient client = RedisClient.create();
    private final List<StatefulRedisSentinelConnection<String, String>> asking = new ArrayList<>();
    private RedisServer master;
    private RedisServer replica;

    private RedisSentinels() {
    }

    /**
     * A master, its replica and {@code sentinelCount} (1 to 3) Sentinels with their files under
     * {@code dir}; the quorum is a majority of the Sentinels. Skips the test where redis-server is
     * not installed.
     */
    public static RedisSentinels start(Path dir, int sentinelCount) {
        if (sentinelCount < 1 || sentinelCount > 3) {
            throw new IllegalArgumentException("1 to 3 Sentinels, not " + sentinelCount);
        }
        RedisServer.requireInstalled();
        RedisSentinels group = new RedisSentinels();
        try {
            group.launch(dir, sentinelCount);
            return group;
        } catch (RuntimeException | Error e) {
            try {
                group.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    private void launch(Path dir, int sentinelCount) {
        master = RedisServer.start(directory(dir, "master"), List.of());
        servers.add(master);
        replica = RedisServer.start(directory(dir, "replica"),
                List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
        servers.add(replica);
        int quorum = sentinelCount / 2 + 1;
        for (int n = 0; n < sentinelCount; n++) {
            Path own = directory(dir, "sentinel-" + n);
            int port = RedisServer.freePort();
            Path config = own.resolve("sentinel.conf");
            write(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + own,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " " + quorum,
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 3000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1",
                    ""));
            RedisServer sentinel = RedisServer.startSentinel(own, config, port);
            sentinels.add(sentinel);
            asking.add(client.connectSentinel(RedisURI.create("redis://127.0.0.1:" + port)));
        }
        // A failover needs each Sentinel to know the replica (from the master's INFO) and the others
        // (from their hellos through the master), which takes them a few seconds after they start.
        Awaitility.await("Sentinels ready to fail " + MASTER_NAME + " over").atMost(READY)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> asking.stream().allMatch(sentinel -> master.port() == port(
                        sentinel.sync().getMasterAddrByName(MASTER_NAME))
                        && sentinel.sync().replicas(MASTER_NAME).stream()
                        .anyMatch(r -> Integer.toString(replica.port()).equals(r.get("port"))
                                && !r.get("flags").contains("down"))
                        && Integer.parseInt(sentinel.sync().master(MASTER_NAME).get("num-other-sentinels"))
                        == sentinelCount - 1));
    }

    private static Path directory(Path parent, String name) {
        try {
            return Files.createDirectories(parent.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /**
     * {@code redis-sentinel://127.0.0.1:P1,127.0.0.1:P2,...#mymaster}: what a client gives Lettuce
     * to find the master through the Sentinels.
     */
    public String uri() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
                + "#" + MASTER_NAME;
    }

    /** The port of the master the Sentinels started with. */
    public int masterPort() {
        return master.port();
    }

    /** The port of the replica, the master once the Sentinels failed the first one over. */
    public int replicaPort() {
        return replica.port();
    }

    /** {@code redis://} to the replica, for a look at it directly. */
    public String replicaUri() {
        return replica.uri();
    }

    /**
     * Kills the master (SIGKILL): its clients' connections drop, and after the down-after time the
     * Sentinels promote the replica. Returns at once; {@link #awaitFailover} waits for the promotion.
     */
    public void killMaster() throws InterruptedException {
        master.kill();
    }

    /** Waits until every Sentinel names the replica as the master. */
    public void awaitFailover(Duration atMost) {
        Awaitility.await("failover of " + MASTER_NAME + " to port " + replica.port()).atMost(atMost)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> asking.stream().allMatch(
                        sentinel -> replica.port() == port(sentinel.sync().getMasterAddrByName(MASTER_NAME))));
    }

    /** Stops the Sentinels, then the servers. */
    @Override
    public void close() throws InterruptedException {
        asking.forEach(StatefulRedisSentinelConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        for (RedisServer server : sentinels) {
            server.close();
        }
        for (RedisServer server : servers) {
            server.close();
        }
    }
}
