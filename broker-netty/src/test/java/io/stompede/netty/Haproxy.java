package io.stompede.netty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's {@code haproxy} package) run by a test in front of the broker: one
 * {@code listen} section on a free port of 127.0.0.1, forwarding to the broker, in the mode and
 * with the server options the test asks for. It runs in the foreground ({@code -db}) as a child
 * process with its configuration and log in the test's directory, and {@link #close()} kills it.
 *
 * <p>Where haproxy is not installed the calling test is skipped with a note; in CI
 * ({@code STOMPEDE_INTEROP_REQUIRED=true}, as for the interop tests' clients) it fails instead.
 *
 * <p>Confined to the test thread.
 */
final class Haproxy implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final int port;

    private Haproxy(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The haproxy binary, or a skip (a failure in CI) when there is none. */
    static Path require() {
        List<String> directories = new ArrayList<>(
                List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String directory : directories) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "haproxy");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String what = "haproxy is not installed: apt-get install -y haproxy";
        if ("true".equals(System.getenv("STOMPEDE_INTEROP_REQUIRED"))) {
            throw new AssertionError(what);
        }
        abort(what + " (skipped; CI runs these tests)");
        throw new AssertionError("unreachable");
    }

    /**
     * Starts haproxy in front of 127.0.0.1:{@code brokerPort}.
     *
     * @param mode          {@code tcp} or {@code http}
     * @param listenOptions lines for the {@code listen} section, such as {@code option forwardfor}
     * @param serverOptions appended to the {@code server} line, such as {@code send-proxy-v2}
     */
    static Haproxy start(Path directory, int brokerPort, String mode, List<String> listenOptions,
                         String serverOptions) throws IOException {
        Path binary = require();
        int port = freePort();
        int readyPort = freePort();
        StringBuilder config = new StringBuilder()
                .append("global\n")
                .append("    maxconn 512\n")
                .append("defaults\n")
                .append("    timeout connect 5s\n")
                .append("    timeout client 60s\n")
                .append("    timeout server 60s\n")
                .append("    timeout tunnel 60s\n")
                // Answers only once every section is bound: the test waits on it.
                .append("listen ready\n")
                .append("    bind 127.0.0.1:").append(readyPort).append('\n')
                .append("    mode http\n")
                .append("    monitor-uri /ready\n")
                .append("listen stomp\n")
                .append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    mode ").append(mode).append('\n');
        for (String option : listenOptions) {
            config.append("    ").append(option).append('\n');
        }
        config.append("    server broker 127.0.0.1:").append(brokerPort).append(' ').append(serverOptions).append('\n');
        Path file = directory.resolve("haproxy-" + port + ".cfg");
        Files.writeString(file, config.toString(), StandardCharsets.UTF_8);
        Path log = directory.resolve("haproxy-" + port + ".log");
        Process process = new ProcessBuilder(binary.toString(), "-f", file.toString(), "-db")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Haproxy haproxy = new Haproxy(process, log, port);
        try {
            await("haproxy listening on " + readyPort).atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("haproxy exited with " + process.exitValue() + ":\n"
                                    + haproxy.log() + "\nconfiguration:\n" + config);
                        }
                        return accepts(readyPort);
                    });
        } catch (RuntimeException | Error e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    /** The port clients connect to. */
    int port() {
        return port;
    }

    /** What haproxy printed, for failure messages. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
