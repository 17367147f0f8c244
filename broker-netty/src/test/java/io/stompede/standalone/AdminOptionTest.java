package io.stompede.standalone;

import static io.stompede.standalone.MainTest.javaExecutable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import io.stompede.Broker;
import io.stompede.netty.StompServer;
import io.stompede.netty.admin.AdminServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone broker's admin endpoint: {@code --admin-port} turns it on, the users file guards it. */
class AdminOptionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    @Timeout(60)
    void adminPortStartsTheEndpointAfterTheListenersAndItsUsersAreTheBrokers(@TempDir Path dir) throws Exception {
        int adminPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adminPort = probe.getLocalPort();
        }
        Path users = dir.resolve("users");
        UsersFile.empty().withUser("root", PasswordHash.hash("secret".toCharArray(), PasswordHash.MIN_ITERATIONS),
                Set.of("admin")).save(users);
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--tcp-port", "0", "--ws-port", "-1", "--users", users.toString(),
                "--admin-port", Integer.toString(adminPort))
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("STOMPEDE_"));
        Process broker = builder.start();
        try {
            Lines out = new Lines(broker, dir.resolve("stderr"));
            assertThat(out.next()).matches("listening stomp tcp://127\\.0\\.0\\.1:\\d+");
            String admin = "http://127.0.0.1:" + adminPort + "/";
            assertThat(out.next()).isEqualTo("listening admin " + admin);

            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(admin + "health")).timeout(TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            HttpRequest.Builder overview = HttpRequest.newBuilder(URI.create(admin + "api/overview")).timeout(TIMEOUT);
            assertThat(http.send(overview.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            overview.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("root:secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(http.send(overview.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            broker.destroy();
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("broker exited").isTrue();
        } finally {
            broker.destroyForcibly();
        }
    }

    /**
     * A child's standard output, line by line, read on a thread of its own: a child that prints
     * nothing fails the test after {@link #TIMEOUT} with what it said on standard error, rather than
     * blocking the test in a read.
     */
    private static final class Lines {
        private static final String END = "\0end";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path stderr;

        Lines(Process process, Path stderr) {
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the child went away: the end, as below
                }
                lines.add(END);
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        String next() throws Exception {
            String line = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError((line == null ? "no line within " + TIMEOUT : "the output ended")
                        + "; the child's standard error:\n" + (Files.exists(stderr) ? Files.readString(stderr) : ""));
            }
            return line;
        }
    }

    @Test
    @Timeout(60)
    void shutdownClosesTheStompServerFirstAndTheAdminEndpointLastSoThatItSaysNotReadyMeanwhile() throws Exception {
        Broker broker = Broker.builder().build();
        StompServer server = StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0).start();
        AdminServer admin = AdminServer.builder().broker(broker).server(server).port(0).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest ready = HttpRequest.newBuilder(admin.uri().resolve("/ready")).timeout(TIMEOUT).build();
        assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        List<String> seen = new ArrayList<>();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
            client.setSoTimeout((int) TIMEOUT.toMillis());
            client.getOutputStream().write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(new String(client.getInputStream().readNBytes(9), StandardCharsets.UTF_8)).isEqualTo("CONNECTED");
            Main.shutdown(server, admin, () -> {
                try {
                    HttpResponse<String> drained = http.send(ready, HttpResponse.BodyHandlers.ofString());
                    seen.add(drained.statusCode() + " " + drained.body());
                } catch (IOException | InterruptedException e) {
                    seen.add(e.toString());
                }
            });
            // The client was told, and its connection closed, before the admin endpoint went.
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("ERROR").contains("message:server shutting down");
        }
        assertThat(seen).singleElement().asString().startsWith("503 ").contains("\"status\":\"NOT_READY\"")
                .contains("\"listeners\":\"DOWN\"");
        assertThatThrownBy(() -> http.send(ready, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    @Timeout(60)
    void anEndpointOpenToTheNetworkWithoutUsersStopsTheStart() {
        InProcess run = InProcess.run("--tcp-port", "0", "--ws-port", "-1", "--admin-port", "1",
                "--set", "admin.bind=0.0.0.0");
        assertThat(run.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).startsWith("stompede: cannot start: the admin endpoint has no users file")
                .contains("loopback");
        assertThat(run.out()).isEmpty();
    }
}
