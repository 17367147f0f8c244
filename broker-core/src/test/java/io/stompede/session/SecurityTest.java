package io.stompede.session;

import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.security.AccessRules;
import io.stompede.security.LoginThrottle;
import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Authentication, authorization, the login throttle and the inbound frame rate, on in-memory sessions. */
class SecurityTest {
    private final VirtualClock clock = new VirtualClock();
    private final UsersFile users = UsersFile.empty()
            .withUser("alice", PasswordHash.hash("alice-pw".toCharArray(), 1_000), List.of("chat"))
            .withUser("bob", PasswordHash.hash("bob-pw".toCharArray(), 1_000), List.of());
    private final AccessRules rules = AccessRules.parse(List.of(
            "group:chat  send,subscribe  /topic/chat/**",
            "group:chat  send            /app/chat",
            "user:bob    subscribe       /topic/chat/room/1",
            "*           send,subscribe  /queue/public"), "acl");
    private final Broker broker = Broker.builder()
            .authenticator(users.authenticator(false))
            .authorizer(rules)
            .loginThrottle(new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(15), 100,
                    () -> clock.millis() * 1_000_000))
            .application("/app/", (message, context) -> context.publish("/topic/chat/room/1", message.bodyAsString()))
            .build();

    /**
     * Logs in and returns the connected client. All in-memory clients share one address, so this
     * first lets the longest throttle wait (15 s) pass on the virtual clock, as a patient client
     * would; the answer then comes from the authentication workers.
     */
    private InMemoryConnection login(String login, String passcode) {
        clock.advance(Duration.ofSeconds(15));
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "login", login, "passcode", passcode)));
        Frame connected = client.awaitFrame(Clients.WAIT);
        assertThat(connected.command()).as("answer to CONNECT: %s", connected).isEqualTo(Command.CONNECTED);
        return client;
    }

    private InMemoryConnection refusedLogin(String... loginAndPasscode) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Headers.Builder headers = Headers.builder().add("accept-version", "1.2");
        for (int i = 0; i < loginAndPasscode.length; i += 2) {
            headers.add(loginAndPasscode[i], loginAndPasscode[i + 1]);
        }
        client.send(Frame.of(Command.CONNECT, headers.build()));
        return client;
    }

    /** Alice and Bob still talk after whatever was refused before. */
    private void wellBehavedClientsStillWork() {
        InMemoryConnection bob = login("bob", "bob-pw");
        bob.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/room/1");
        InMemoryConnection alice = login("alice", "alice-pw");
        alice.sendWithBody(Command.SEND, "still here", "destination", "/topic/chat/room/1");
        message(bob, "still here");
    }

    @Test
    @DisplayName("a wrong password and an unknown user get the same generic ERROR, which names neither")
    void badPasswordAndUnknownUserLookAlike() {
        Frame wrongPassword = error(refusedLogin("login", "alice", "passcode", "guess"), "authentication failed");
        Frame unknownUser = error(refusedLogin("login", "mallory", "passcode", "alice-pw"), "authentication failed");

        assertThat(unknownUser.bodyAsString()).isEqualTo(wrongPassword.bodyAsString());
        assertThat(wrongPassword.bodyAsString()).doesNotContain("alice", "guess", "password", "login");
        wellBehavedClientsStillWork();
    }

    @Test
    void anonymousClientsAreRefusedUnlessAllowed() {
        error(refusedLogin(), "authentication failed");

        Broker open = Broker.builder().authenticator(users.authenticator(true)).authorizer(rules).build();
        InMemoryConnection anonymous = InMemoryConnection.open(open, clock);
        assertThat(anonymous.connect().command()).isEqualTo(Command.CONNECTED);
        anonymous.sendWithBody(Command.SEND, "hi", "destination", "/queue/public", "receipt", "r");
        assertThat(anonymous.nextFrame().command()).isEqualTo(Command.RECEIPT);
        anonymous.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/room/1");
        error(anonymous, "access denied");
    }

    @Test
    @DisplayName("repeated failures from one address wait before they are even checked")
    void repeatedFailuresAreSlowedDown() {
        error(refusedLogin("login", "alice", "passcode", "guess1"), "authentication failed");
        error(refusedLogin("login", "alice", "passcode", "guess2"), "authentication failed");

        InMemoryConnection third = refusedLogin("login", "alice", "passcode", "alice-pw");
        third.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/x", "receipt", "early");
        assertThat(third.nextFrame()).as("no answer before the wait is over").isNull();
        assertThat(third.isBeingRead()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(third.awaitFrame(Clients.WAIT).command()).isEqualTo(Command.CONNECTED);
        Frame receipt = third.awaitFrame(Clients.WAIT);
        assertThat(receipt.command()).as("the frame sent behind CONNECT ran after it").isEqualTo(Command.RECEIPT);
        assertThat(third.isBeingRead()).isTrue();
    }

    @Test
    void sendIsCheckedAgainstTheRules() {
        InMemoryConnection alice = login("alice", "alice-pw");
        alice.sendWithBody(Command.SEND, "ok", "destination", "/topic/chat/room/2", "receipt", "r1");
        assertThat(alice.nextFrame().command()).isEqualTo(Command.RECEIPT);

        alice.sendWithBody(Command.SEND, "no", "destination", "/topic/admin", "receipt", "r2");
        Frame denied = error(alice, "access denied");
        assertThat(denied.bodyAsString()).contains("/topic/admin").doesNotContain("group", "chat");
        assertThat(denied.header("receipt-id")).isEqualTo("r2");
        wellBehavedClientsStillWork();
    }

    @Test
    void subscribeIsCheckedAgainstTheRulesWildcardsIncluded() {
        InMemoryConnection bob = login("bob", "bob-pw");
        bob.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/room/1", "receipt", "r1");
        assertThat(bob.nextFrame().command()).isEqualTo(Command.RECEIPT);
        bob.send(Command.SUBSCRIBE, "id", "2", "destination", "/topic/chat/room/2");
        assertThat(error(bob, "access denied").bodyAsString()).contains("/topic/chat/room/2");

        InMemoryConnection alice = login("alice", "alice-pw");
        alice.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/**", "receipt", "r1");
        assertThat(alice.nextFrame().command()).isEqualTo(Command.RECEIPT);
        alice.send(Command.SUBSCRIBE, "id", "2", "destination", "/topic/**");
        error(alice, "access denied");
        wellBehavedClientsStillWork();
    }

    @Test
    @DisplayName("a SEND in a transaction is checked when it arrives, not only at COMMIT")
    void transactionalSendIsCheckedWhenItArrives() {
        InMemoryConnection alice = login("alice", "alice-pw");
        alice.send(Command.BEGIN, "transaction", "t");
        alice.sendWithBody(Command.SEND, "ok", "destination", "/topic/chat/a", "transaction", "t", "receipt", "r1");
        assertThat(alice.nextFrame().command()).isEqualTo(Command.RECEIPT);
        alice.sendWithBody(Command.SEND, "no", "destination", "/topic/secret", "transaction", "t");
        error(alice, "access denied");
        wellBehavedClientsStillWork();
    }

    @Test
    void applicationDestinationsAreCheckedToo() {
        InMemoryConnection bob = login("bob", "bob-pw");
        bob.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/chat/room/1");
        InMemoryConnection alice = login("alice", "alice-pw");
        alice.sendWithBody(Command.SEND, "via app", "destination", "/app/chat");
        message(bob, "via app");

        bob.sendWithBody(Command.SEND, "not allowed", "destination", "/app/chat");
        assertThat(error(bob, "access denied").bodyAsString()).contains("/app/chat");
        wellBehavedClientsStillWork();
    }

    @Test
    @DisplayName("past the inbound frame rate reading stops for the second; a client that keeps flooding gets an ERROR")
    void inboundFramesPerSecondAreThrottledThenRefused() {
        Broker limited = Broker.builder().inboundFrameRate(5, 3).build();
        InMemoryConnection flooder = InMemoryConnection.open(limited, clock);
        flooder.connect();   // CONNECT is one of the frames counted
        for (int i = 0; i < 4; i++) {
            flooder.sendWithBody(Command.SEND, "m", "destination", "/topic/flood");
        }
        assertThat(flooder.isBeingRead()).as("at the limit").isTrue();
        flooder.sendWithBody(Command.SEND, "m", "destination", "/topic/flood");
        assertThat(flooder.isBeingRead()).as("past the limit").isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(flooder.isBeingRead()).as("the next second").isTrue();
        // A quiet second forgives: the count of throttled seconds starts again.
        clock.advance(Duration.ofSeconds(1));
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 6; i++) {
                flooder.sendWithBody(Command.SEND, "m", "destination", "/topic/flood");
            }
            assertThat(flooder.isClosed()).isFalse();
            clock.advance(Duration.ofSeconds(1));
        }
        error(flooder, "too many frames");

        InMemoryConnection polite = InMemoryConnection.open(limited, clock);
        assertThat(polite.connect().command()).isEqualTo(Command.CONNECTED);
    }

    @Test
    @DisplayName("bug: a fast producer was cut off after 10 s over 10,000 frames/s; a rate without a disconnect only slows it down")
    void aFrameRateWithoutDisconnectOnlyThrottles() {
        Broker limited = Broker.builder().inboundFrameRate(5, 0).build();
        InMemoryConnection fast = InMemoryConnection.open(limited, clock);
        fast.connect();
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 6; i++) {
                fast.sendWithBody(Command.SEND, "m", "destination", "/topic/flood");
            }
            assertThat(fast.isBeingRead()).as("throttled in second %d", second).isFalse();
            clock.advance(Duration.ofSeconds(1));
            assertThat(fast.isClosed()).as("never disconnected").isFalse();
        }
        assertThat(fast.isBeingRead()).isTrue();
    }

    @Test
    @DisplayName("the default broker has no frame rate: a client sending as fast as it can is never held back by one")
    void theDefaultHasNoFrameRate() {
        Broker defaults = Broker.builder().build();
        InMemoryConnection fast = InMemoryConnection.open(defaults, clock);
        fast.connect();
        for (int i = 0; i < 50_000; i++) {
            fast.sendWithBody(Command.SEND, "m", "destination", "/topic/flood");
        }
        assertThat(fast.isBeingRead()).isTrue();
        assertThat(fast.isClosed()).isFalse();
        assertThat(defaults.config().maxFramesPerSecond()).isZero();
    }
}
