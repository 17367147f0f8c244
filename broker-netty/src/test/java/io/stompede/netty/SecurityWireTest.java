package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.Broker;
import io.stompede.security.AccessRules;
import io.stompede.security.LoginThrottle;
import io.stompede.security.PasswordHash;
import io.stompede.security.StompPrincipal;
import io.stompede.security.UsersFile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Authentication and authorization over real sockets: every decision allowed and denied, and
 * after every refusal a well-behaved client still connects and exchanges messages.
 */
class SecurityWireTest extends WireTest {
    static final UsersFile USERS = UsersFile.empty()
            .withUser("alice", PasswordHash.hash("alice-pw".toCharArray(), 1_000), List.of("chat"))
            .withUser("bob", PasswordHash.hash("bob-pw".toCharArray(), 1_000), List.of());
    static final AccessRules RULES = AccessRules.parse(List.of(
            "group:chat  send,subscribe  /topic/chat/**",
            "group:chat  send            /app/chat",
            "user:bob    subscribe       /topic/chat/room/1",
            "*           send,subscribe  /queue/public"), "acl");

    /** A broker with the users and rules above, whose login throttle waits briefly so tests stay quick. */
    static Broker securedBroker(boolean allowAnonymous) {
        return Broker.builder()
                .authenticator(USERS.authenticator(allowAnonymous))
                .authorizer(RULES)
                .loginThrottle(new LoginThrottle(Duration.ofMillis(20), Duration.ofMillis(500), 100))
                .application("/app/", (message, context) -> context.publish("/topic/chat/room/1", message.bodyAsString()))
                .build();
    }

    private TestClient login(Transport transport, String login, String passcode) throws Exception {
        TestClient client = open(transport);
        client.connect("login", login, "passcode", passcode);
        return client;
    }

    /** Sends {@code frame} and expects an ERROR with {@code message}, then the close. */
    static StompFrame expectError(TestClient client, String message) throws IOException {
        StompFrame error = client.receive();
        assertThat(error.command()).as("answer: %s", error).isEqualTo("ERROR");
        assertThat(error.header("message")).isEqualTo(message);
        assertClosed(client, TestClient.READ_TIMEOUT);
        return error;
    }

    /** Bob subscribes, Alice sends, Bob receives: the broker still serves well-behaved clients. */
    private void wellBehavedClientsStillWork(Transport transport) throws Exception {
        try (TestClient bob = login(transport, "bob", "bob-pw"); TestClient alice = login(transport, "alice", "alice-pw")) {
            bob.subscribe("1", "/topic/chat/room/1");
            alice.sendWithBody("SEND", "still here", "destination", "/topic/chat/room/1");
            StompFrame message = bob.receive();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.bodyText()).isEqualTo("still here");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void goodAndBadPasswordsUnknownUsersAndAnonymousClients(Transport transport) throws Exception {
        start(transport, securedBroker(false));
        login(transport, "alice", "alice-pw").close();

        List<String> bodies = new ArrayList<>();
        String[][] refused = {{"login", "alice", "passcode", "wrong"}, {"login", "mallory", "passcode", "alice-pw"}, {}};
        for (String[] credentials : refused) {
            try (TestClient client = open(transport)) {
                List<String> headers = new ArrayList<>(List.of("accept-version", "1.2", "host", "localhost"));
                headers.addAll(List.of(credentials));
                client.send("CONNECT", headers.toArray(String[]::new));
                bodies.add(expectError(client, "authentication failed").bodyText());
            }
        }
        assertThat(bodies).as("one generic answer for every refusal").containsOnly(bodies.get(0));
        assertThat(bodies.get(0)).doesNotContain("alice", "mallory", "wrong", "password", "login");
        wellBehavedClientsStillWork(transport);
    }

    @Test
    @DisplayName("a slow login does not stall the other clients of its event loop")
    void aSlowLoginLeavesItsEventLoopFree() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Broker broker = Broker.builder()
                .authenticationWorkers(2, 16)
                .authenticator(request -> {
                    if ("slow".equals(request.login())) {
                        // Stands for a PBKDF2 run: the answer waits until the others have talked.
                        checking.countDown();
                        awaitUninterruptibly(answer);
                    }
                    return Optional.of(StompPrincipal.named(request.login()));
                })
                .build();
        // One I/O thread: every client below shares the event loop with the slow login.
        start(Transport.TCP.listen(StompServer.builder().broker(broker).closeBrokerOnClose(true).ioThreads(1),
                certificate));
        try (TestClient bob = login(Transport.TCP, "bob", "x"); TestClient slow = open(Transport.TCP)) {
            bob.subscribe("1", "/topic/chat");
            slow.send("CONNECT", "accept-version", "1.2", "host", "localhost", "login", "slow", "passcode", "x");
            assertThat(checking.await(TestClient.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            try (TestClient alice = login(Transport.TCP, "alice", "x")) {
                for (int i = 0; i < 3; i++) {
                    alice.sendWithBody("SEND", "while slow logs in " + i, "destination", "/topic/chat");
                    assertThat(bob.receive().bodyText()).isEqualTo("while slow logs in " + i);
                }
            }
            answer.countDown();
            assertThat(slow.receive().command()).isEqualTo("CONNECTED");
        } finally {
            answer.countDown();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anonymousClientsWhenAllowed() throws Exception {
        start(Transport.TCP, securedBroker(true));
        try (TestClient anonymous = open(Transport.TCP)) {
            anonymous.connect();
            anonymous.subscribe("1", "/queue/public");
            anonymous.sendWithBody("SEND", "hello", "destination", "/queue/public");
            assertThat(anonymous.receive().bodyText()).isEqualTo("hello");
            anonymous.send("SUBSCRIBE", "id", "2", "destination", "/topic/chat/room/1");
            expectError(anonymous, "access denied");
        }
        wellBehavedClientsStillWork(Transport.TCP);
    }

    @Test
    void sendIsAllowedOrDeniedByTheRules() throws Exception {
        start(Transport.TCP, securedBroker(false));
        try (TestClient alice = login(Transport.TCP, "alice", "alice-pw")) {
            alice.sendWithBody("SEND", "ok", "destination", "/topic/chat/a", "receipt", "r1");
            assertThat(alice.receive().command()).isEqualTo("RECEIPT");
            alice.sendWithBody("SEND", "no", "destination", "/topic/admin");
            StompFrame denied = expectError(alice, "access denied");
            assertThat(denied.bodyText()).contains("/topic/admin").doesNotContain("group", "rule");
        }
        wellBehavedClientsStillWork(Transport.TCP);
    }

    @Test
    void subscribeIsAllowedOrDeniedByTheRulesWildcardsIncluded() throws Exception {
        start(Transport.WEBSOCKET, securedBroker(false));
        try (TestClient alice = login(Transport.WEBSOCKET, "alice", "alice-pw")) {
            alice.subscribe("1", "/topic/chat/**");
            alice.send("SUBSCRIBE", "id", "2", "destination", "/topic/**");
            assertThat(expectError(alice, "access denied").bodyText()).contains("/topic/**");
        }
        try (TestClient bob = login(Transport.WEBSOCKET, "bob", "bob-pw")) {
            bob.subscribe("1", "/topic/chat/room/1");
            bob.send("SUBSCRIBE", "id", "2", "destination", "/topic/chat/room/2");
            expectError(bob, "access denied");
        }
        wellBehavedClientsStillWork(Transport.WEBSOCKET);
    }

    @Test
    void aTransactionalSendIsDeniedWhenItArrivesBeforeCommit() throws Exception {
        start(Transport.TCP, securedBroker(false));
        try (TestClient alice = login(Transport.TCP, "alice", "alice-pw")) {
            alice.send("BEGIN", "transaction", "t");
            alice.sendWithBody("SEND", "ok", "destination", "/topic/chat/a", "transaction", "t", "receipt", "r1");
            assertThat(alice.receive().command()).isEqualTo("RECEIPT");
            alice.sendWithBody("SEND", "no", "destination", "/topic/secret", "transaction", "t");
            expectError(alice, "access denied");
        }
        wellBehavedClientsStillWork(Transport.TCP);
    }

    @Test
    void applicationDestinationsAreAllowedOrDeniedByTheRules() throws Exception {
        start(Transport.TCP, securedBroker(false));
        try (TestClient bob = login(Transport.TCP, "bob", "bob-pw"); TestClient alice = login(Transport.TCP, "alice", "alice-pw")) {
            bob.subscribe("1", "/topic/chat/room/1");
            alice.sendWithBody("SEND", "through the app", "destination", "/app/chat");
            assertThat(bob.receive().bodyText()).isEqualTo("through the app");
            bob.sendWithBody("SEND", "not mine to send", "destination", "/app/chat");
            assertThat(expectError(bob, "access denied").bodyText()).contains("/app/chat");
        }
        wellBehavedClientsStillWork(Transport.TCP);
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDownButAnswered() throws Exception {
        start(Transport.TCP, securedBroker(false));
        for (int i = 0; i < 4; i++) {
            try (TestClient guesser = open(Transport.TCP)) {
                guesser.send("CONNECT", "accept-version", "1.2", "login", "alice", "passcode", "guess" + i);
                expectError(guesser, "authentication failed");
            }
        }
        wellBehavedClientsStillWork(Transport.TCP);
    }

    @Test
    void aWrongLoginNeverReachesTheSessionAsAPrincipal() {
        assertThatThrownBy(() -> {
            start(Transport.TCP, securedBroker(false));
            login(Transport.TCP, "alice", "nope");
        }).isInstanceOf(AssertionError.class).hasMessageContaining("ERROR");
    }
}
