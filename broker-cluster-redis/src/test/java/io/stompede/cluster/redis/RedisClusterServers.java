package io.stompede.cluster.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Redis Cluster of three masters on free loopback ports, made with {@code redis-cli --cluster
 * create} and stopped on close; skips the test where redis-server is not installed, as
 * {@link RedisServer} does.
 */
public final class RedisClusterServers implements AutoCloseable {
    private final List<RedisServer> masters;

    private RedisClusterServers(List<RedisServer> masters) {
        this.masters = masters;
    }

    /** Three masters, each with its files in a folder of {@code dir}, sharing the 16384 slots. */
    public static RedisClusterServers start(Path dir) {
        List<RedisServer> masters = new ArrayList<>();
        RedisClusterServers cluster = new RedisClusterServers(masters);
        try {
            for (int i = 0; i < 3; i++) {
                Path own = Files.createDirectories(dir.resolve("master-" + i));
                masters.add(RedisServer.start(own, List.of("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-node-timeout", "2000")));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            masters.forEach(master -> create.add("127.0.0.1:" + master.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create, dir.resolve("create.log"));
            for (RedisServer master : masters) {
                Awaitility.await("cluster_state:ok on port " + master.port()).atMost(Duration.ofSeconds(20))
                        .until(() -> cluster.info(master, dir).contains("cluster_state:ok"));
            }
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("no Redis Cluster", e);
        }
    }

    /** {@code redis-cluster://127.0.0.1:PORT,...}: every master as a seed. */
    public String uri() {
        StringBuilder uri = new StringBuilder("redis-cluster://");
        for (RedisServer master : masters) {
            uri.append(uri.length() > "redis-cluster://".length() ? "," : "").append("127.0.0.1:").append(master.port());
        }
        return uri.toString();
    }

    /** The masters' ports, in the order they were started. */
    public List<Integer> ports() {
        return masters.stream().map(RedisServer::port).toList();
    }

    private String info(RedisServer master, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("info-" + master.port() + ".log");
        run(List.of("redis-cli", "-p", Integer.toString(master.port()), "cluster", "info"), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void run(List<String> command, Path output) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
        }
    }

    @Override
    public void close() {
        for (RedisServer master : masters) {
            try {
                master.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
