package io.stompede.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone broker, as an operator runs it: a separate JVM, its output, its stop. */
class MainTest {
    private static final Pattern LISTENING =
            Pattern.compile("listening stomp (tcp|ws)://127\\.0\\.0\\.1:(\\d+)(/stomp)?");

    @Test
    @Timeout(60)
    void printsOneLinePerListenerAndStopsGracefullyOnTerm(@TempDir Path dir) throws Exception {
        // The file sets the WebSocket path; the command line overrides its TCP port.
        Path config = dir.resolve("stompede.properties");
        Files.writeString(config, "tcp-port=61613\nws-port=0\nws-path=/stomp\n");
        Process broker = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString(), "--tcp-port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            lines.add(out.readLine());
            lines.add(out.readLine());
            assertThat(lines).allMatch(l -> l != null && LISTENING.matcher(l).matches(), "listening lines");
            assertThat(lines.get(0)).startsWith("listening stomp tcp://").doesNotContain(":61613");
            assertThat(lines.get(1)).startsWith("listening stomp ws://").endsWith("/stomp");

            Matcher tcp = LISTENING.matcher(lines.get(0));
            assertThat(tcp.matches()).isTrue();
            try (Socket client = new Socket("127.0.0.1", Integer.parseInt(tcp.group(2)))) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0"
                        .getBytes(StandardCharsets.UTF_8));
                InputStream in = client.getInputStream();
                assertThat(readFrame(in)).startsWith("CONNECTED\n");
                broker.destroy();   // SIGTERM: the shutdown hook closes the server
                String error = readFrame(in);
                assertThat(error).startsWith("ERROR\n");
                assertThat(error.lines()).contains("message:server shutting down");
            }
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("broker exited").isTrue();
        } finally {
            broker.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    void startsFromAYamlFileAndListensWhereItSays(@TempDir Path dir) throws Exception {
        int tcpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tcpPort = probe.getLocalPort();
        }
        Path config = dir.resolve("stompede.yaml");
        Files.writeString(config, """
                server:
                  bind: 127.0.0.1
                tcp:
                  port: %d
                websocket:
                  port: 0
                  path: /chat
                durability:
                  history:
                    /topic/chat.**: 5
                """.formatted(tcpPort));
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("STOMPEDE_"));
        builder.environment().put("STOMPEDE_LIMITS_MAX_CONNECTIONS", "50");
        Process broker = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("listening stomp tcp://127.0.0.1:" + tcpPort);
            assertThat(out.readLine()).matches("listening stomp ws://127\\.0\\.0\\.1:\\d+/chat");
            try (Socket client = new Socket("127.0.0.1", tcpPort)) {
                client.setSoTimeout(10_000);
                OutputStream to = client.getOutputStream();
                InputStream from = client.getInputStream();
                to.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8));
                assertThat(readFrame(from)).startsWith("CONNECTED\n");
                // The history rule from the file: the topic keeps what was sent before anyone subscribed.
                to.write("SEND\ndestination:/topic/chat.lobby\nreceipt:r1\n\nhello\0".getBytes(StandardCharsets.UTF_8));
                assertThat(readFrame(from)).startsWith("RECEIPT\n");
                to.write("SUBSCRIBE\nid:s1\ndestination:/topic/chat.lobby\nx-history:5\n\n\0"
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(readFrame(from)).startsWith("MESSAGE\n").endsWith("\n\nhello");
            }
            broker.destroy();
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("broker exited").isTrue();
        } finally {
            broker.destroyForcibly();
        }
    }

    @Test
    void printConfigPrintsTheEffectiveConfigurationAndExitsZero() {
        InProcess run = InProcess.run(java.util.Map.of("STOMPEDE_TCP_PORT", "0"), "--print-config", "--ws-port", "-1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("tcp:\n", "  port: 0  # environment variable STOMPEDE_TCP_PORT\n",
                "websocket:\n", "  port: -1  # option --ws-port\n");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(runInProcess("--no-such-option")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void anUnknownKeyInTheConfigFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "tcp-prot=1234\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--config", config.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tcp-prot");
    }

    @Test
    void disablingBothListenersIsAUsageError() {
        assertThat(runInProcess("--tcp-port", "-1", "--ws-port", "-1")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aNegativeFrameRateIsAUsageError() {
        assertThat(runInProcess("--max-frames-per-second", "-1", "--tcp-port", "0", "--ws-port", "-1"))
                .isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aTlsCertificateWithoutKeyIsAUsageError() {
        assertThat(runInProcess("--tls-cert", "server.crt")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(runInProcess("--help")).isZero();
        assertThat(runInProcess("--version")).isZero();
    }

    // ---- security options and credential commands

    private static int runWithInput(String input, ByteArrayOutputStream out, String... args) {
        return Main.run(args, new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void hashPasswordReadsStandardInputAndPrintsAHash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(runWithInput("s3cret\n", out, "hash-password", "--iterations", "1000")).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith("$pbkdf2-sha256$i=1000$").doesNotContain("s3cret");
        assertThat(io.stompede.security.PasswordHash.parse(hash).matches("s3cret".toCharArray())).isTrue();
        assertThat(runWithInput("", new ByteArrayOutputStream(), "hash-password")).as("empty password").isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void userAddWritesTheUsersFileThatTheBrokerThenReads(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        assertThat(runWithInput("pw-1\n", new ByteArrayOutputStream(), "user", "add", "alice", "--users", users.toString(),
                "--groups", "chat,admins", "--iterations", "1000")).isZero();
        assertThat(runWithInput("", new ByteArrayOutputStream(), "user", "add", "sensor", "--users", users.toString(),
                "--certificate-only")).isZero();
        var file = io.stompede.security.UsersFile.load(users);
        assertThat(file.user("alice").orElseThrow().groups()).containsExactly("chat", "admins");
        assertThat(file.user("sensor").orElseThrow().password()).isNull();
        assertThat(Files.readString(users)).doesNotContain("pw-1");
    }

    @Test
    void unusableSecurityFilesAndOptionsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad-users");
        Files.writeString(bad, "alice not-a-hash\n");
        assertThat(runInProcess("--users", bad.toString(), "--tcp-port", "0", "--ws-port", "-1")).isEqualTo(Main.EXIT_USAGE);
        Path badAcl = dir.resolve("bad-acl");
        Files.writeString(badAcl, "user:alice publish /topic/a\n");
        assertThat(runInProcess("--acl", badAcl.toString(), "--tcp-port", "0", "--ws-port", "-1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(runInProcess("--tls-client-auth", "required", "--tcp-port", "0")).isEqualTo(Main.EXIT_USAGE);
    }

    private static int runInProcess(String... args) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        return Main.run(args, discard, discard);
    }

    /** One server frame up to its NUL, without the end-of-lines that may precede it. */
    static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b < 0) {
                throw new EOFException("connection closed after " + frame.size() + " bytes of a frame");
            }
            if (frame.size() > 0 || (b != '\n' && b != '\r')) {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
