package io.stompede.netty.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.Broker;
import io.stompede.netty.StompServer;
import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin endpoint over real sockets: a broker with a TCP listener, STOMP clients, and
 * {@code java.net.http} asking the endpoint as an administrator, as a user outside the admin group
 * and as no one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminServerTest {
    static final String ADMIN = "root";
    static final String ADMIN_PASSWORD = "root-secret";
    static final String OPERATOR = "viewer";
    static final String OPERATOR_PASSWORD = "viewer-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Broker broker;
    private StompServer server;
    private AdminServer admin;
    private AdminClient http;

    /** An administrator in group admin and a user outside it; cheap hashes, for speed. */
    static UsersFile users() {
        return UsersFile.empty()
                .withUser(ADMIN, PasswordHash.hash(ADMIN_PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS),
                        Set.of("admin"))
                .withUser(OPERATOR, PasswordHash.hash(OPERATOR_PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS),
                        Set.of("operators"));
    }

    @BeforeEach
    void start() throws Exception {
        broker = Broker.builder().build();
        server = StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0).start();
        // Without the login throttle: these tests try many wrong passwords on purpose (AdminSecurityTest throttles).
        admin = AdminServer.builder().broker(broker).server(server).port(0).users(users())
                .loginThrottle(Duration.ZERO, Duration.ZERO).start();
        http = new AdminClient(admin.uri());
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private AdminClient.Answer asAdmin(String path) throws Exception {
        return http.get(path, ADMIN, ADMIN_PASSWORD);
    }

    private StompSocket stomp(String... headers) throws Exception {
        return StompSocket.connect(server.tcpPort(), headers);
    }

    // ---- probes

    @Test
    void healthAndReadyNeedNoCredentialsAndSayDownOnceTheBrokerIsClosed() throws Exception {
        AdminClient.Answer health = http.get("/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("Content-Type")).isEqualTo("application/json");
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        AdminClient.Answer ready = http.get("/ready", null, null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("READY");
        assertThat(ready.json().get("checks").get("broker").asText()).isEqualTo("UP");
        assertThat(ready.json().get("checks").get("listeners").asText()).isEqualTo("UP");

        server.close();
        assertThat(http.get("/health", null, null).status()).isEqualTo(503);
        assertThat(http.get("/health", null, null).json().get("status").asText()).isEqualTo("DOWN");
        AdminClient.Answer notReady = http.get("/ready", null, null);
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().get("status").asText()).isEqualTo("NOT_READY");
        assertThat(notReady.json().get("checks").get("listeners").asText()).isEqualTo("DOWN");
    }

    // ---- access

    @Test
    void everythingButTheProbesNeedsAnAdministrator() throws Exception {
        List<String> reads = List.of("/metrics", "/api/overview", "/api/series", "/api/destinations", "/api/cluster",
                "/api/sessions", "/api/principals", "/", "/index.html");
        List<String> operations = List.of("/api/sessions/1", "/api/queues/messages?name=/queue/a",
                "/api/durable-subscriptions?name=a");
        List<String> seen = new ArrayList<>();
        for (String path : reads) {
            AdminClient.Answer none = http.get(path, null, null);
            assertThat(none.status()).as("GET %s without credentials", path).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).startsWith("Basic realm=\"Stompede admin\"");
            assertThat(http.get(path, ADMIN, "wrong").status()).as("GET %s, wrong password", path).isEqualTo(401);
            assertThat(http.get(path, "nobody", ADMIN_PASSWORD).status()).as("GET %s, unknown user", path)
                    .isEqualTo(401);
            assertThat(http.get(path, OPERATOR, OPERATOR_PASSWORD).status()).as("GET %s, not an admin", path)
                    .isEqualTo(403);
            seen.add(path + " " + asAdmin(path).status());
        }
        for (String path : operations) {
            assertThat(http.delete(path, null, null).status()).as("DELETE %s without credentials", path).isEqualTo(401);
            assertThat(http.delete(path, OPERATOR, OPERATOR_PASSWORD).status()).as("DELETE %s, not an admin", path)
                    .isEqualTo(403);
        }
        // An administrator gets every read, the status page's files included: they are this module's.
        assertThat(seen).allMatch(line -> line.endsWith(" 200"));
        for (String page : List.of("/", "/index.html")) {
            AdminClient.Answer answer = asAdmin(page);
            assertThat(answer.header("Content-Type")).as(page).isEqualTo("text/html; charset=UTF-8");
            assertThat(answer.body()).as(page).contains("<title>Stompede status</title>")
                    .contains("<script src=\"status.js\" defer></script>");
        }
        assertThat(asAdmin("/status.js").body()).contains("X-Stompede-Admin");
    }

    @Test
    void refusesToStartOpenOnAnAddressOtherThanLoopbackButStartsOpenOnLoopback() throws Exception {
        assertThatThrownBy(() -> AdminServer.builder().broker(broker).bind("0.0.0.0").port(0).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("loopback");
        try (AdminServer open = AdminServer.builder().broker(broker).port(0).start()) {
            AdminClient anyone = new AdminClient(open.uri());
            assertThat(open.uri().toString()).isEqualTo("http://127.0.0.1:" + open.port() + "/");
            assertThat(anyone.get("/api/overview", null, null).status()).isEqualTo(200);
            assertThat(anyone.delete("/api/queues/messages?name=/queue/none", null, null).status()).isEqualTo(404);
        }
    }

    @Test
    void unknownPathsWrongMethodsAndMissingParametersAreTheClientsFault() throws Exception {
        assertThat(asAdmin("/api/nothing").status()).isEqualTo(404);
        assertThat(asAdmin("/nothing.html").status()).isEqualTo(404);
        AdminClient.Answer wrongMethod = http.delete("/api/overview", ADMIN, ADMIN_PASSWORD);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(http.send("POST", "/health", null, null, null).status()).isEqualTo(405);
        AdminClient.Answer readingAnOperation = asAdmin("/api/queues/messages");
        assertThat(readingAnOperation.status()).isEqualTo(405);
        assertThat(readingAnOperation.header("Allow")).isEqualTo("DELETE");
        // The status page's files are read only, whether or not the file is there.
        for (String page : List.of("/", "/index.html", "/nothing.html")) {
            AdminClient.Answer post = http.send("POST", page, ADMIN, ADMIN_PASSWORD, null, "X-Stompede-Admin", "1");
            assertThat(post.status()).as("POST %s", page).isEqualTo(405);
            assertThat(post.header("Allow")).as("POST %s", page).isEqualTo("GET, HEAD");
            assertThat(post.json().get("error").asText()).contains("POST");
        }
        AdminClient.Answer missing = http.delete("/api/queues/messages", ADMIN, ADMIN_PASSWORD);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("missing parameter name");
        assertThat(http.delete("/api/durable-subscriptions", ADMIN, ADMIN_PASSWORD).status()).isEqualTo(400);
        assertThat(asAdmin("/api/destinations?limit=none").status()).isEqualTo(400);
        String credentials = Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(raw("GET /api/destinations?limit=%zz HTTP/1.1\r\nHost: a\r\nAuthorization: Basic " + credentials
                + "\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(raw("NOT HTTP AT ALL\r\n\r\n")).matches("HTTP/1\\.[01] 400 .*");
    }

    /** The status line of the answer to a request written as it is, which an HTTP client would refuse to send. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void headAnswersWhereGetDoesWithItsHeadersAndNoBody() throws Exception {
        for (String path : List.of("/health", "/ready")) {
            AdminClient.Answer get = http.get(path, null, null);
            AdminClient.Answer head = http.head(path, null, null);
            assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status()).isEqualTo(200);
            assertThat(head.body()).as("HEAD %s", path).isEmpty();
            assertThat(head.header("Content-Type")).as("HEAD %s", path).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("Content-Length")).as("HEAD %s", path)
                    .isEqualTo(Integer.toString(get.body().length()));
        }
        for (String path : List.of("/metrics", "/api/overview", "/api/series", "/api/destinations", "/api/cluster",
                "/api/sessions", "/api/principals", "/", "/index.html", "/status.js")) {
            assertThat(http.head(path, null, null).status()).as("HEAD %s without credentials", path).isEqualTo(401);
            AdminClient.Answer head = http.head(path, ADMIN, ADMIN_PASSWORD);
            assertThat(head.status()).as("HEAD %s", path).isEqualTo(200);
            assertThat(head.body()).as("HEAD %s", path).isEmpty();
            assertThat(head.header("Content-Type")).as("HEAD %s", path).isEqualTo(asAdmin(path).header("Content-Type"));
            assertThat(Integer.parseInt(head.header("Content-Length"))).as("HEAD %s", path).isPositive();
        }
        AdminClient.Answer cluster = http.head("/api/cluster", ADMIN, ADMIN_PASSWORD);
        assertThat(cluster.header("Content-Length")).isEqualTo(Integer.toString(asAdmin("/api/cluster").body().length()));
        AdminClient.Answer headOfAnOperation = http.head("/api/queues/messages?name=/queue/a", ADMIN, ADMIN_PASSWORD);
        assertThat(headOfAnOperation.status()).isEqualTo(405);
        assertThat(headOfAnOperation.header("Allow")).isEqualTo("DELETE");
    }

    // ---- read API

    @Test
    void sessionsAndPrincipalsListTheConnectedClients() throws Exception {
        try (StompSocket alice = stomp("login:alice", "passcode:x")) {
            alice.sendWithReceipt("SUBSCRIBE", "", "id:s1", "destination:/topic/news");
            JsonNode sessions = asAdmin("/api/sessions").json().get("sessions");
            assertThat(sessions).hasSize(1);
            JsonNode session = sessions.get(0);
            assertThat(session.get("principal").asText()).isEqualTo("alice");
            assertThat(session.get("transport").asText()).isEqualTo("tcp");
            assertThat(session.get("version").asText()).isEqualTo("1.2");
            assertThat(session.get("remoteAddress").asText()).startsWith("127.0.0.1:");
            assertThat(session.get("subscriptions").get(0).get("destination").asText()).isEqualTo("/topic/news");
            assertThat(session.get("subscriptions").get(0).get("ackMode").asText()).isEqualTo("auto");

            JsonNode principals = asAdmin("/api/principals").json().get("principals");
            assertThat(principals).hasSize(1);
            assertThat(principals.get(0).get("name").asText()).isEqualTo("alice");
            assertThat(principals.get(0).get("sessions").asInt()).isEqualTo(1);
        }
    }

    @Test
    void sessionsAndPrincipalsAreListedUpToTheLimitAndCountedInFull() throws Exception {
        try (StompSocket alice = stomp("login:alice"); StompSocket bob = stomp("login:bob");
             StompSocket carol = stomp("login:carol")) {
            JsonNode all = asAdmin("/api/sessions").json();
            assertThat(all.get("sessions")).hasSize(3);
            assertThat(all.get("total").asInt()).isEqualTo(3);
            JsonNode two = asAdmin("/api/sessions?limit=2").json();
            assertThat(two.get("sessions")).hasSize(2);
            assertThat(two.get("total").asInt()).isEqualTo(3);
            assertThat(asAdmin("/api/sessions?limit=100000").json().get("sessions")).hasSize(3);

            JsonNode principals = asAdmin("/api/principals?limit=1").json();
            assertThat(principals.get("principals")).hasSize(1);
            assertThat(principals.get("total").asInt()).isEqualTo(3);
            assertThat(asAdmin("/api/principals").json().get("principals")).hasSize(3);
            for (String bad : List.of("0", "-1", "many")) {
                assertThat(asAdmin("/api/sessions?limit=" + bad).status()).as("limit=%s", bad).isEqualTo(400);
                assertThat(asAdmin("/api/principals?limit=" + bad).status()).as("limit=%s", bad).isEqualTo(400);
            }
        }
    }

    @Test
    void closingASessionSendsItsClientAnErrorWithTheReason() throws Exception {
        try (StompSocket client = stomp("login:bob")) {
            String id = asAdmin("/api/sessions").json().get("sessions").get(0).get("id").asText();
            assertThat(http.delete("/api/sessions/" + id, null, null).status()).isEqualTo(401);
            assertThat(http.delete("/api/sessions/" + id, OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(403);
            assertThat(asAdmin("/api/sessions").json().get("sessions")).hasSize(1);

            AdminClient.Answer closed = http.delete("/api/sessions/" + id + "?reason=maintenance%20now", ADMIN,
                    ADMIN_PASSWORD);
            assertThat(closed.status()).isEqualTo(204);
            String error = client.read();
            assertThat(error).startsWith("ERROR\n");
            assertThat(StompSocket.header(error, "message")).isEqualTo("maintenance now");
        }
        AdminClient.Answer none = http.delete("/api/sessions/999", ADMIN, ADMIN_PASSWORD);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error").asText()).isEqualTo("no session 999");
    }

    @Test
    void destinationsShowDepthsAndRatesBusiestFirst() throws Exception {
        try (StompSocket producer = stomp(); StompSocket listener = stomp()) {
            listener.sendWithReceipt("SUBSCRIBE", "", "id:t", "destination:/topic/prices");
            for (int i = 0; i < 20; i++) {
                producer.sendWithReceipt("SEND", "job-" + i, "destination:/queue/work");
            }
            producer.sendWithReceipt("SEND", "one", "destination:/queue/quiet");
            // Rates are read once a second: send on until a reading saw traffic.
            await().atMost(WAIT).untilAsserted(() -> {
                producer.sendWithReceipt("SEND", "more", "destination:/queue/work");
                producer.sendWithReceipt("SEND", "1.09", "destination:/topic/prices");
                listener.read();
                JsonNode answer = asAdmin("/api/destinations").json();
                JsonNode work = find(answer.get("destinations"), "/queue/work");
                assertThat(work.get("kind").asText()).isEqualTo("QUEUE");
                assertThat(work.get("depth").asInt()).isGreaterThanOrEqualTo(20);
                assertThat(work.get("inRate").asDouble()).isPositive();
                assertThat(work.get("outRate").asDouble()).isZero();
                JsonNode prices = find(answer.get("destinations"), "/topic/prices");
                assertThat(prices.get("kind").asText()).isEqualTo("TOPIC");
                assertThat(prices.get("subscribers").asInt()).isEqualTo(1);
                assertThat(prices.get("inRate").asDouble()).isPositive();
                assertThat(prices.get("outRate").asDouble()).isPositive();
                assertThat(answer.get("total").asInt()).isEqualTo(3);
                assertThat(answer.get("destinations").get(2).get("name").asText()).isEqualTo("/queue/quiet");
            });
            JsonNode limited = asAdmin("/api/destinations?limit=1").json();
            assertThat(limited.get("destinations")).hasSize(1);
            assertThat(limited.get("total").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aWildcardSubscriptionHasTheRatesOfTheTopicsItMatches() throws Exception {
        try (StompSocket producer = stomp(); StompSocket one = stomp(); StompSocket any = stomp()) {
            one.sendWithReceipt("SUBSCRIBE", "", "id:one", "destination:/topic/prices.*");
            any.sendWithReceipt("SUBSCRIBE", "", "id:any", "destination:/topic/prices/**");
            await().atMost(WAIT).untilAsserted(() -> {
                producer.sendWithReceipt("SEND", "1.09", "destination:/topic/prices.eur");
                producer.sendWithReceipt("SEND", "1.27", "destination:/topic/prices.gbp");
                for (int i = 0; i < 2; i++) {
                    assertThat(one.read()).startsWith("MESSAGE\n");
                    assertThat(any.read()).startsWith("MESSAGE\n");
                }
                JsonNode destinations = asAdmin("/api/destinations").json().get("destinations");
                for (String pattern : List.of("/topic/prices.*", "/topic/prices/**")) {
                    JsonNode prices = find(destinations, pattern);
                    assertThat(prices.get("kind").asText()).isEqualTo("TOPIC");
                    assertThat(prices.get("inRate").asDouble()).as("%s in", pattern).isPositive();
                    assertThat(prices.get("outRate").asDouble()).as("%s out", pattern).isPositive();
                }
            });
        }
    }

    @Test
    void overviewAndSeriesFollowTheTraffic() throws Exception {
        try (StompSocket producer = stomp()) {
            await().atMost(WAIT).untilAsserted(() -> {
                producer.sendWithReceipt("SEND", "job", "destination:/queue/work");
                JsonNode overview = asAdmin("/api/overview").json();
                assertThat(overview.get("connections").asInt()).isEqualTo(1);
                assertThat(overview.get("sessions").asInt()).isEqualTo(1);
                assertThat(overview.get("messagesIn").asLong()).isPositive();
                assertThat(overview.get("queueDepth").asLong()).isPositive();
                assertThat(overview.get("inRate").asDouble()).isPositive();
                JsonNode series = asAdmin("/api/series").json();
                assertThat(series.get("intervalSeconds").asInt()).isEqualTo(1);
                List<JsonNode> points = StreamSupport.stream(series.get("points").spliterator(), false).toList();
                assertThat(points).isNotEmpty().anyMatch(p -> p.get("inRate").asDouble() > 0);
                JsonNode last = points.get(points.size() - 1);
                assertThat(last.get("t").asLong()).isPositive();
                assertThat(last.get("connections").asInt()).isEqualTo(1);
            });
            JsonNode overview = asAdmin("/api/overview").json();
            assertThat(overview.get("node").isNull()).isTrue();
            assertThat(overview.get("version").asText()).isNotBlank();
            assertThat(overview.get("listeners").get(0).asText()).isEqualTo("tcp://127.0.0.1:" + server.tcpPort());
            assertThat(overview.get("startedAt").asLong()).isPositive();
        }
        JsonNode cluster = asAdmin("/api/cluster").json();
        assertThat(cluster.get("clustered").asBoolean()).isFalse();
        assertThat(cluster.get("node").isNull()).isTrue();
        assertThat(cluster.get("nodes")).isEmpty();
    }

    // ---- operations

    @Test
    void purgingAQueueDropsWhatWaitsOnIt() throws Exception {
        try (StompSocket producer = stomp()) {
            for (int i = 0; i < 5; i++) {
                producer.sendWithReceipt("SEND", "job-" + i, "destination:/queue/work");
            }
        }
        String path = "/api/queues/messages?name=/queue/work";
        assertThat(http.delete(path, null, null).status()).isEqualTo(401);
        assertThat(http.delete(path, OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(403);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 5);

        AdminClient.Answer purged = http.delete(path, ADMIN, ADMIN_PASSWORD);
        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.json().get("purged").asInt()).isEqualTo(5);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0);
        assertThat(http.delete("/api/queues/messages?name=/queue/none", ADMIN, ADMIN_PASSWORD).status()).isEqualTo(404);
    }

    @Test
    void deletingADurableSubscriptionDropsIt() throws Exception {
        try (StompSocket durable = stomp("client-id:c1")) {
            durable.sendWithReceipt("SUBSCRIBE", "", "id:d1", "destination:/topic/news",
                    "durable-subscription-name:news-sub");
            durable.sendWithReceipt("DISCONNECT", "");
        }
        JsonNode listed = find(asAdmin("/api/destinations").json().get("destinations"), "client:c1:news-sub");
        assertThat(listed.get("kind").asText()).isEqualTo("DURABLE_SUBSCRIPTION");
        String path = "/api/durable-subscriptions?name=client:c1:news-sub";
        assertThat(http.delete(path, null, null).status()).isEqualTo(401);
        assertThat(http.delete(path, OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(403);

        assertThat(http.delete(path, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(204);
        assertThat(asAdmin("/api/destinations").json().get("destinations").findValuesAsText("name"))
                .doesNotContain("client:c1:news-sub");
        assertThat(http.delete(path, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(404);
    }

    static JsonNode find(JsonNode destinations, String name) {
        for (JsonNode destination : destinations) {
            if (destination.get("name").asText().equals(name)) {
                return destination;
            }
        }
        throw new AssertionError("no " + name + " in " + destinations);
    }
}
