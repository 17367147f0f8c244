package io.stompede.standalone;

import static io.stompede.standalone.MainTest.javaExecutable;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
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
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("STOMPEDE_"));
        Process broker = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).matches("listening stomp tcp://127\\.0\\.0\\.1:\\d+");
            String admin = "http://127.0.0.1:" + adminPort + "/";
            assertThat(out.readLine()).isEqualTo("listening admin " + admin);

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
