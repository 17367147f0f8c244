package io.stompede.netty.admin;

import static io.stompede.netty.admin.AdminServerTest.ADMIN;
import static io.stompede.netty.admin.AdminServerTest.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.netty.StompServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin endpoint against browsers turned against it and against floods: DNS rebinding onto
 * an open endpoint, requests forged by other sites, framing, password guessing, too many
 * connections and idle ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminSecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CSRF = "X-Stompede-Admin";

    private Broker broker;
    private StompServer server;
    private final List<AdminServer> admins = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = Broker.builder().build();
        server = StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0).start();
    }

    @AfterEach
    void stop() {
        admins.forEach(AdminServer::close);
        server.close();
    }

    private AdminServer.Builder builder() {
        return AdminServer.builder().broker(broker).server(server).port(0);
    }

    private AdminServer started(AdminServer.Builder builder) throws Exception {
        AdminServer admin = builder.start();
        admins.add(admin);
        return admin;
    }

    // ---- DNS rebinding

    @Test
    void anOpenEndpointAnswersOnlyRequestsThatNameALoopbackHost() throws Exception {
        AdminServer open = started(builder());
        int port = open.port();
        for (String host : List.of("localhost", "localhost:" + port, "LocalHost:" + port, "127.0.0.1",
                "127.0.0.1:" + port, "127.3.4.5:" + port, "[::1]:" + port, "[::1]")) {
            assertThat(RawHttp.send(port, "GET", "/api/overview", "Host: " + host).status()).as("Host: %s", host)
                    .isEqualTo(200);
        }
        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example:" + port,
                "localhost.evil.example", "10.0.0.1:" + port, "[::2]:" + port, "0x7f.0.0.1", "127.0.0.1:x",
                "localhost:" + port + "@evil.example")) {
            RawHttp.Response refused = RawHttp.send(port, "GET", "/api/overview", "Host: " + host);
            assertThat(refused.status()).as("Host: %s", host).isEqualTo(421);
            assertThat(refused.header("Content-Type")).isEqualTo("application/json");
            assertThat(refused.body()).contains("\"error\":");
            assertThat(RawHttp.send(port, "GET", "/", "Host: " + host).status()).as("page, Host: %s", host)
                    .isEqualTo(421);
            assertThat(RawHttp.send(port, "DELETE", "/api/queues/messages?name=/queue/a", "Host: " + host,
                    CSRF + ": 1").status()).as("DELETE, Host: %s", host).isEqualTo(421);
        }
        // The probes tell nothing and are open to all anyway.
        assertThat(RawHttp.send(port, "GET", "/health", "Host: evil.example").status()).isEqualTo(200);
    }

    @Test
    void anEndpointWithUsersAnswersAnyHostName() throws Exception {
        AdminServer guarded = started(builder().users(AdminServerTest.users()));
        assertThat(RawHttp.send(guarded.port(), "GET", "/api/overview", "Host: admin.example.net",
                RawHttp.basic(ADMIN, ADMIN_PASSWORD)).status()).isEqualTo(200);
    }

    // ---- forged requests

    @Test
    void changesNeedTheEndpointsOwnOriginAndItsHeader() throws Exception {
        AdminServer admin = started(builder().users(AdminServerTest.users()));
        AdminClient http = new AdminClient(admin.uri());
        String own = "http://127.0.0.1:" + admin.port();
        for (int i = 0; i < 3; i++) {
            broker.publish("/queue/work", "job-" + i);
        }
        String purge = "/api/queues/messages?name=/queue/work";
        for (String origin : List.of("http://evil.example", "null", "https://127.0.0.1:" + admin.port(),
                "http://127.0.0.1:1", "http://localhost:" + admin.port())) {
            AdminClient.Answer forged = http.send("DELETE", purge, ADMIN, ADMIN_PASSWORD, null, CSRF, "1",
                    "Origin", origin);
            assertThat(forged.status()).as("Origin: %s", origin).isEqualTo(403);
            assertThat(forged.json().get("error").asText()).as("Origin: %s", origin).contains("origin");
        }
        AdminClient.Answer noHeader = http.send("DELETE", purge, ADMIN, ADMIN_PASSWORD, null);
        assertThat(noHeader.status()).isEqualTo(403);
        assertThat(noHeader.json().get("error").asText()).contains(CSRF);
        assertThat(http.send("DELETE", purge, ADMIN, ADMIN_PASSWORD, null, CSRF, "yes").status()).isEqualTo(403);
        assertThat(http.send("DELETE", "/api/sessions/1", ADMIN, ADMIN_PASSWORD, null, "Origin", own).status())
                .isEqualTo(403);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 3);

        AdminClient.Answer purged = http.send("DELETE", purge, ADMIN, ADMIN_PASSWORD, null, CSRF, "1", "Origin", own);
        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.json().get("purged").asInt()).isEqualTo(3);
        // Reads need neither: a browser's GET of the page or the API changes nothing.
        assertThat(http.send("GET", "/api/overview", ADMIN, ADMIN_PASSWORD, null, "Origin", "http://evil.example")
                .status()).isEqualTo(200);
    }

    @Test
    void anOpenEndpointRefusesChangesFromAnotherOriginToo() throws Exception {
        AdminServer open = started(builder());
        AdminClient http = new AdminClient(open.uri());
        broker.publish("/queue/work", "job");
        String purge = "/api/queues/messages?name=/queue/work";
        assertThat(http.send("DELETE", purge, null, null, null, CSRF, "1", "Origin", "http://rebound.example")
                .status()).isEqualTo(403);
        assertThat(http.send("DELETE", purge, null, null, null).status()).isEqualTo(403);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 1);
        assertThat(http.send("DELETE", purge, null, null, null, CSRF, "1", "Origin",
                "http://127.0.0.1:" + open.port()).status()).isEqualTo(200);
    }

    // ---- framing and other browser safeguards

    @Test
    void everyResponseForbidsFramingAndForeignContent() throws Exception {
        AdminServer admin = started(builder().users(AdminServerTest.users()));
        AdminClient http = new AdminClient(admin.uri());
        Map<String, AdminClient.Answer> answers = Map.of(
                "health", http.get("/health", null, null),
                "overview", http.get("/api/overview", ADMIN, ADMIN_PASSWORD),
                "metrics", http.get("/metrics", ADMIN, ADMIN_PASSWORD),
                "page", http.get("/", ADMIN, ADMIN_PASSWORD),
                "script", http.get("/status.js", ADMIN, ADMIN_PASSWORD),
                "style", http.get("/status.css", ADMIN, ADMIN_PASSWORD),
                "missing file", http.get("/nothing.html", ADMIN, ADMIN_PASSWORD),
                "no credentials", http.get("/api/overview", null, null),
                "wrong method", http.send("POST", "/", null, null, null),
                "forged", http.send("DELETE", "/api/sessions/1", null, null, null));
        answers.forEach((what, answer) -> {
            assertThat(answer.header("Content-Security-Policy")).as(what)
                    .isEqualTo("default-src 'self'; frame-ancestors 'none'");
            assertThat(answer.header("X-Frame-Options")).as(what).isEqualTo("DENY");
            assertThat(answer.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
        });
        for (String what : List.of("health", "overview", "metrics", "no credentials")) {
            assertThat(answers.get(what).header("Cache-Control")).as(what).isEqualTo("no-store");
        }
        RawHttp.Response climb = RawHttp.send(admin.port(), "GET", "/../etc/passwd", "Host: 127.0.0.1",
                RawHttp.basic(ADMIN, ADMIN_PASSWORD));
        assertThat(climb.status()).isEqualTo(400);
        assertThat(climb.header("X-Frame-Options")).isEqualTo("DENY");
    }

    // ---- password guessing

    @Test
    void wrongPasswordsFromOneAddressAreThrottledAndTheAdministratorStillGetsIn() throws Exception {
        AdminServer admin = started(builder().users(AdminServerTest.users())
                .loginThrottle(Duration.ofMillis(200), Duration.ofSeconds(1)));
        AdminClient http = new AdminClient(admin.uri());
        // Two failures are typos; from the third on the address waits, and a flood is refused unchecked.
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/overview", ADMIN, "guess-" + i).status()).isEqualTo(401);
        }
        List<CompletableFuture<AdminClient.Answer>> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flood.add(http.sendAsync("GET", "/api/overview", ADMIN, "flood-" + i));
        }
        List<AdminClient.Answer> answers = new ArrayList<>();
        for (CompletableFuture<AdminClient.Answer> answer : flood) {
            answers.add(answer.get(30, TimeUnit.SECONDS));
        }
        assertThat(answers).extracting(AdminClient.Answer::status).containsOnly(401, 429).contains(429);
        AdminClient.Answer throttled = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertThat(throttled.header("Retry-After")).isEqualTo("1");
        assertThat(throttled.json().get("error").asText()).contains("too many wrong passwords");

        // The administrator, from the same address, waits at most the throttle's longest delay.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/api/overview", ADMIN, ADMIN_PASSWORD).status() == 200);
        // Once in, the known credentials are not slowed down: the status page polls with them.
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/overview", ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    // ---- connections

    @Test
    void connectionsPastTheCapGet503AndAClosedOneMakesRoom() throws Exception {
        AdminServer admin = started(builder().maxConnections(2));
        try (Socket first = connect(admin.port()); Socket second = connect(admin.port())) {
            RawHttp.Response refused = RawHttp.send(admin.port(), "GET", "/health", "Host: 127.0.0.1");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.body()).contains("too many admin connections");
            // The connections within the cap are served.
            assertThat(keepAliveGet(first, "/health").status()).isEqualTo(200);
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> RawHttp.send(admin.port(), "GET", "/health", "Host: 127.0.0.1").status() == 200);
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        AdminServer admin = started(builder().idleTimeout(Duration.ofMillis(300)));
        try (Socket silent = connect(admin.port()); Socket used = connect(admin.port())) {
            assertThat(keepAliveGet(used, "/health").status()).isEqualTo(200);
            // The server closes both: a read sees the end of the stream, well before the socket's own timeout.
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(used.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static RawHttp.Response keepAliveGet(Socket socket, String path) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        return RawHttp.read(in);
    }
}
