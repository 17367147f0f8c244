package io.stompede.cluster.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server (Debian's package) on a free loopback port, for one test class: no
 * persistence, its files in a directory of its own, stopped by {@link #close}. Where redis-server
 * is not installed the tests are skipped with a note; in CI ({@code STOMPEDE_INTEROP_REQUIRED=true})
 * they fail instead.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> command;
    private Process process;

    private RedisServer(Path dir, int port, List<String> command) {
        this.dir = dir;
        this.port = port;
        this.command = List.copyOf(command);
    }

    /** A server with its files in {@code dir}; skips the test where redis-server is not installed. */
    public static RedisServer start(Path dir) {
        return start(dir, List.of());
    }

    /**
     * A server with its files in {@code dir}, started with {@code extra} after the usual arguments
     * (such as {@code --replicaof 127.0.0.1 PORT}); skips the test where redis-server is not installed.
     */
    public static RedisServer start(Path dir, List<String> extra) {
        requireInstalled();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extra);
        RedisServer server = new RedisServer(dir, port, command);
        server.launch();
        return server;
    }

    /**
     * A Redis Sentinel ({@code redis-server CONFIG --sentinel}) on {@code port}, which {@code config}
     * (in {@code dir}, a file the Sentinel rewrites) must name; skips the test where redis-server is
     * not installed.
     */
    static RedisServer startSentinel(Path dir, Path config, int port) {
        requireInstalled();
        RedisServer sentinel = new RedisServer(dir, port, List.of("redis-server", config.toString(), "--sentinel"));
        sentinel.launch();
        return sentinel;
    }

    /** Stops the server and starts another on the same port, empty: what clients see of a Redis restart. */
    public void restart() throws InterruptedException {
        stop();
        launch();
    }

    /** Starts the server stopped with {@link #stop} again, on the same port, empty. */
    public void startAgain() {
        launch();
    }

    private void launch() {
        try {
            Path log = Files.createTempFile(dir, "redis", ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Awaitility.await(String.join(" ", command)).atMost(Duration.ofSeconds(10)).until(this::accepts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (apt-get install redis-server)", e);
        }
    }

    static void requireInstalled() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "redis-server"))) {
                return;
            }
        }
        String what = "redis-server is not installed: apt-get install -y redis-server";
        if ("true".equals(System.getenv("STOMPEDE_INTEROP_REQUIRED"))) {
            throw new AssertionError(what);
        }
        Assumptions.abort(what + " (skipped; CI runs these tests)");
    }

    /** The loopback port it listens on. */
    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** What {@code commands} answers on a connection of its own, as another client of this server would see it. */
    <T> T call(Function<RedisCommands<String, String>, T> commands) {
        RedisClient raw = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = raw.connect()) {
            return commands.apply(connection.sync());
        } finally {
            raw.shutdown();
        }
    }

    /** How many times this server has run {@code command} (scripts' calls included) since it started or its statistics were reset. */
    long calls(String command) {
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(call(redis -> redis.info("commandstats")));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A loopback port free when asked. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Kills the server (SIGKILL), as when its machine dies: no shutdown, no goodbye to its clients or replicas. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops the server, as when Redis goes away; {@link #startAgain} brings it back, empty, on the same port. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
