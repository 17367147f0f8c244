package io.stompede.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Users and rules files reloaded under a running broker, and what that does to its sessions. */
@Timeout(30)
class SecurityFilesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final VirtualClock clock = new VirtualClock();
    @TempDir
    Path dir;
    private SecurityFiles files;
    private Broker broker;

    private static String hash(String password) {
        return PasswordHash.hash(password.toCharArray(), 1_000);
    }

    private void start(UsersFile users, List<String> rules) throws Exception {
        users.save(dir.resolve("users"));
        Files.write(dir.resolve("acl"), rules);
        files = SecurityFiles.builder().users(dir.resolve("users"), false).accessRules(dir.resolve("acl"))
                .pollInterval(Duration.ofMillis(50)).build();
        broker = Broker.builder().authenticator(files.authenticator()).authorizer(files.authorizer())
                .loginThrottle(LoginThrottle.NONE).build();
    }

    @AfterEach
    void stop() {
        files.close();
        broker.close();
    }

    private InMemoryConnection login(String name) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Frame connected = client.connect(Headers.of("accept-version", "1.2", "login", name, "passcode", name + "-pw"));
        assertThat(connected.command()).as("%s", connected).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static Frame error(InMemoryConnection client, String message) {
        Frame frame = client.awaitFrame(WAIT);
        assertThat(frame.command()).as("%s", frame).isEqualTo(Command.ERROR);
        assertThat(frame.header("message")).isEqualTo(message);
        await().atMost(WAIT).until(client::isClosed);
        return frame;
    }

    @Test
    @DisplayName("a user removed from the users file, or whose entry changed, is revoked; the others stay")
    void removedUserIsRevoked() throws Exception {
        UsersFile users = UsersFile.empty().withUser("alice", hash("alice-pw"), List.of("chat"))
                .withUser("bob", hash("bob-pw"), List.of()).withUser("carol", hash("carol-pw"), List.of());
        start(users, List.of("*  send,subscribe  /topic/**"));
        files.start(broker::recheckSessions);
        InMemoryConnection alice = login("alice");
        InMemoryConnection bob = login("bob");
        InMemoryConnection carol = login("carol");

        UsersFile.empty().withUser("alice", users.user("alice").get().password().encoded(), List.of("chat"))
                .withUser("carol", hash("carol-new"), List.of()).save(dir.resolve("users"));
        files.reload();     // or the poller, whichever comes first

        assertThat(error(bob, "credentials revoked").bodyAsString()).contains("revoked");
        error(carol, "credentials revoked");
        assertThat(alice.isClosed()).isFalse();
        assertThat(alice.connect(Headers.of()).command()).as("alice's session still answers").isEqualTo(Command.ERROR);
        InMemoryConnection again = InMemoryConnection.open(broker, clock);
        Frame refused = again.connect(Headers.of("accept-version", "1.2", "login", "bob", "passcode", "bob-pw"));
        assertThat(refused.header("message")).isEqualTo("authentication failed");
    }

    @Test
    @DisplayName("rules that no longer allow a subscription close its session; the poller finds the change by itself")
    void changedRulesRevokeSubscriptions() throws Exception {
        start(UsersFile.empty().withUser("alice", hash("alice-pw"), List.of("chat"))
                .withUser("bob", hash("bob-pw"), List.of()), List.of(
                "group:chat  subscribe  /topic/chat/**",
                "user:bob    subscribe  /topic/chat/**",
                "*           subscribe  /topic/public"));
        files.start(broker::recheckSessions);
        InMemoryConnection alice = login("alice");
        alice.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/room/1", "receipt", "a");
        assertThat(alice.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        InMemoryConnection bob = login("bob");
        bob.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/room/1", "receipt", "b");
        assertThat(bob.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);

        Files.write(dir.resolve("acl"), List.of("group:chat  subscribe  /topic/chat/**", "*  subscribe  /topic/public"));

        assertThat(error(bob, "credentials revoked").bodyAsString()).contains("/topic/chat/room/1");
        assertThat(alice.isClosed()).isFalse();
    }

    @Test
    @DisplayName("a file that no longer parses changes nothing")
    void brokenFileIsIgnored() throws Exception {
        start(UsersFile.empty().withUser("alice", hash("alice-pw"), List.of()), List.of("*  subscribe  /topic/**"));
        InMemoryConnection alice = login("alice");
        Files.write(dir.resolve("users"), List.of("alice"));
        Files.write(dir.resolve("acl"), List.of("nonsense"));

        assertThat(files.reload()).isFalse();
        alice.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/x", "receipt", "r");
        assertThat(alice.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
    }
}
