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
import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.LoginThrottle;
import io.stompede.security.StompPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credentials that expire on a live session: CONNECTED's x-credentials-expire, the warning on
 * /stompede/session, the ERROR at expiry, the in-band refresh, and revocation; in-memory sessions
 * on a virtual clock, so that minutes pass in no time.
 */
@Timeout(30)
class CredentialsExpiryTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final VirtualClock timers = new VirtualClock();
    /** The wall clock the broker judges expiry by, moving with the virtual timers. */
    private final Clock wallClock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return T0.plusMillis(timers.millis());
        }
    };
    private final AtomicReference<AccessRules> rules = new AtomicReference<>(AccessRules.parse(List.of(
            "*  send,subscribe  /topic/**",
            "*  subscribe       /stompede/**"), "acl"));

    /** Tokens "NAME:SECONDS" name a principal whose credentials expire SECONDS after T0; anything else is refused. */
    private final AsyncAuthenticator tokens = (request, workers) -> CompletableFuture.completedFuture(
            request.token().filter(t -> t.matches("\\w+:\\d+")).map(t -> {
                String[] parts = t.split(":");
                return new StompPrincipal(parts[0], Set.of(), T0.plusSeconds(Long.parseLong(parts[1])));
            }));
    private final Broker broker = Broker.builder()
            .authenticator(tokens)
            .authorizer((principal, permission, destination) -> rules.get().allows(principal, permission, destination))
            .clock(wallClock)
            .loginThrottle(LoginThrottle.NONE)
            .build();

    private InMemoryConnection connect(String token) {
        InMemoryConnection client = InMemoryConnection.open(broker, timers);
        Frame connected = client.connect(Headers.of("accept-version", "1.2", "host", "localhost", "passcode", token));
        assertThat(connected.command()).as("%s", connected).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static Frame receipt(InMemoryConnection client, String id) {
        Frame frame = client.nextFrame();
        assertThat(frame).as("RECEIPT %s", id).isNotNull();
        assertThat(frame.command()).as("%s", frame).isEqualTo(Command.RECEIPT);
        assertThat(frame.header("receipt-id")).isEqualTo(id);
        return frame;
    }

    private static long expire(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0).toEpochMilli();
    }

    /** Alice (credentials for 600 s) subscribed to /topic/a and lost her connection: returns her session's resume token. */
    private String keptSession() {
        return keptSession("room", "/topic/a");
    }

    /** Alice (credentials for 600 s) subscribed to {@code destination} as {@code id} and lost her connection: her resume token. */
    private String keptSession(String id, String destination) {
        InMemoryConnection first = InMemoryConnection.open(broker, timers);
        String resumeToken = first.connect(Headers.of("accept-version", "1.2", "host", "localhost",
                "passcode", "alice:600")).header("x-resume-token");
        first.send(Command.SUBSCRIBE, "id", id, "destination", destination, "receipt", "r1");
        receipt(first, "r1");
        first.disconnectAbruptly();
        return resumeToken;
    }

    /** Connects with {@code token} as credentials and {@code resumeToken} to resume; returns its CONNECTED. */
    private Frame connectResuming(InMemoryConnection client, String token, String resumeToken) {
        Frame connected = client.connect(Headers.of("accept-version", "1.2", "host", "localhost", "passcode", token,
                "x-resume-token", resumeToken));
        assertThat(connected.command()).as("%s", connected).isEqualTo(Command.CONNECTED);
        return connected;
    }

    @Test
    @DisplayName("a resume with credentials already expired does not take the kept session, which a good token then resumes")
    void expiredCredentialsDoNotResume() {
        String resumeToken = keptSession();
        timers.advance(Duration.ofSeconds(30));

        InMemoryConnection stale = InMemoryConnection.open(broker, timers);
        Frame refused = connectResuming(stale, "alice:10", resumeToken);
        assertThat(refused.header("x-resumed")).isNotEqualTo("true");
        timers.advance(Duration.ofMillis(1));
        error(stale, "credentials expired");

        InMemoryConnection back = InMemoryConnection.open(broker, timers);
        assertThat(connectResuming(back, "alice:600", resumeToken).header("x-resumed")).isEqualTo("true");
    }

    @Test
    @DisplayName("a resumed session whose subscription the rules no longer allow is told its credentials are revoked")
    void aResumeIsCheckedAgainstTheRulesOfNow() {
        String resumeToken = keptSession();
        rules.set(AccessRules.parse(List.of("*  subscribe  /stompede/**"), "acl"));

        InMemoryConnection back = InMemoryConnection.open(broker, timers);
        assertThat(connectResuming(back, "alice:600", resumeToken).header("x-resumed")).isEqualTo("true");
        assertThat(error(back, "credentials revoked").bodyAsString()).contains("/topic/a");
    }

    @Test
    @DisplayName("the notice subscription comes back with a resumed session: the warning reaches it, and its resubscribe is receipted")
    void noticesSurviveAResume() {
        String resumeToken = keptSession("notices", "/stompede/session");

        InMemoryConnection back = InMemoryConnection.open(broker, timers);
        assertThat(connectResuming(back, "alice:120", resumeToken).header("x-resumed")).isEqualTo("true");
        timers.advance(Duration.ofSeconds(60));
        Frame warning = message(back);
        assertThat(warning.header("subscription")).isEqualTo("notices");
        assertThat(warning.header("x-notice")).isEqualTo("credentials-expiring");

        back.send(Command.SUBSCRIBE, "id", "notices", "destination", "/stompede/session", "receipt", "again");
        receipt(back, "again");
        back.send(Command.UNSUBSCRIBE, "id", "notices", "receipt", "gone");
        receipt(back, "gone");
        back.send(Command.SUBSCRIBE, "id", "notices", "destination", "/stompede/session", "receipt", "new");
        assertThat(message(back).header("x-notice")).as("a new subscriber is warned at once").isEqualTo("credentials-expiring");
        receipt(back, "new");
    }

    @Test
    @DisplayName("CONNECTED says when the credentials expire; the warning comes 60 s before, the ERROR at the expiry")
    void warnsThenExpires() {
        InMemoryConnection client = connect("alice:120");
        client.send(Command.SUBSCRIBE, "id", "notices", "destination", "/stompede/session", "receipt", "r1");
        receipt(client, "r1");

        timers.advance(Duration.ofSeconds(59));
        assertThat(client.nextFrame()).as("nothing before the warning").isNull();
        timers.advance(Duration.ofSeconds(1));
        Frame warning = message(client);
        assertThat(warning.header("subscription")).isEqualTo("notices");
        assertThat(warning.header("destination")).isEqualTo("/stompede/session");
        assertThat(warning.header("x-notice")).isEqualTo("credentials-expiring");
        assertThat(warning.header("x-credentials-expire")).isEqualTo(Long.toString(expire(120)));

        timers.advance(Duration.ofSeconds(59));
        assertThat(client.isClosed()).isFalse();
        timers.advance(Duration.ofSeconds(1));
        Frame expired = error(client, "credentials expired");
        assertThat(expired.bodyAsString()).contains("expired");
    }

    @Test
    @DisplayName("CONNECTED carries x-credentials-expire only for credentials that expire")
    void connectedHeader() {
        InMemoryConnection client = InMemoryConnection.open(broker, timers);
        Frame connected = client.connect(Headers.of("accept-version", "1.2", "passcode", "alice:300"));
        assertThat(connected.header("x-credentials-expire")).isEqualTo(Long.toString(expire(300)));

        Broker plain = Broker.builder().build();
        Frame forever = InMemoryConnection.open(plain, timers).connect();
        assertThat(forever.header("x-credentials-expire")).isNull();
        plain.close();
    }

    @Test
    @DisplayName("a token in a CONNECT's Authorization: Bearer header is what the authenticator sees")
    void bearerHeaderOnConnect() {
        InMemoryConnection client = InMemoryConnection.open(broker, timers);
        Frame connected = client.connect(Headers.of("accept-version", "1.2", "Authorization", "Bearer carol:90"));
        assertThat(connected.command()).isEqualTo(Command.CONNECTED);
        assertThat(client.session().principal().name()).isEqualTo("carol");
        assertThat(client.session().principal().expiresAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    @DisplayName("a client that subscribes after the warning was due gets it at once")
    void lateSubscriberIsWarned() {
        InMemoryConnection client = connect("alice:30");
        client.send(Command.SUBSCRIBE, "id", "n", "destination", "/stompede/session");
        Frame warning = message(client);
        assertThat(warning.header("x-notice")).isEqualTo("credentials-expiring");
    }

    @Test
    @DisplayName("a refresh keeps the subscriptions, is answered by its RECEIPT, then a notice with the new expiry")
    void refreshMovesTheExpiry() {
        InMemoryConnection client = connect("alice:120");
        client.send(Command.SUBSCRIBE, "id", "notices", "destination", "/stompede/session");
        client.send(Command.SUBSCRIBE, "id", "prices", "destination", "/topic/prices");
        timers.advance(Duration.ofSeconds(60));
        assertThat(message(client).header("x-notice")).isEqualTo("credentials-expiring");

        client.send(Command.SEND, "destination", "/stompede/session", "x-credentials", "alice:600", "receipt", "refresh");
        receipt(client, "refresh");
        Frame refreshed = message(client);
        assertThat(refreshed.header("x-notice")).isEqualTo("credentials-refreshed");
        assertThat(refreshed.header("x-credentials-expire")).isEqualTo(Long.toString(expire(600)));

        timers.advance(Duration.ofSeconds(300));     // well past the old expiry
        assertThat(client.isClosed()).isFalse();
        broker.publish("/topic/prices", "1.09");
        assertThat(message(client, "1.09").header("subscription")).isEqualTo("prices");

        timers.advance(Duration.ofSeconds(180));     // 540 s: the new warning
        assertThat(message(client).header("x-notice")).isEqualTo("credentials-expiring");
        timers.advance(Duration.ofSeconds(60));
        error(client, "credentials expired");
    }

    @Test
    @DisplayName("a refresh naming another principal, or a bad token, gets the generic authentication ERROR and a close")
    void refreshMustKeepThePrincipal() {
        InMemoryConnection alice = connect("alice:120");
        alice.send(Command.SEND, "destination", "/stompede/session", "x-credentials", "mallory:9999", "receipt", "r");
        Frame refused = error(alice, "authentication failed");
        assertThat(refused.bodyAsString()).doesNotContain("mallory").doesNotContain("principal");

        InMemoryConnection bob = connect("bob:120");
        bob.send(Command.SEND, "destination", "/stompede/session", "x-credentials", "garbage");
        assertThat(error(bob, "authentication failed").bodyAsString()).isEqualTo(refused.bodyAsString());
    }

    @Test
    @DisplayName("a SEND to /stompede/session without x-credentials is an ERROR that says what it needs")
    void refreshNeedsTheHeader() {
        InMemoryConnection client = connect("alice:120");
        client.send(Command.SEND, "destination", "/stompede/session");
        assertThat(error(client, "missing header").bodyAsString()).contains("x-credentials");
    }

    @Test
    @DisplayName("/stompede/session is each session's own: nobody else hears its notices, and its SENDs are never routed")
    void reservedDestinationIsPerSession() {
        InMemoryConnection alice = connect("alice:120");
        alice.send(Command.SUBSCRIBE, "id", "mine", "destination", "/stompede/session");
        InMemoryConnection eve = connect("eve:10000");
        eve.send(Command.SUBSCRIBE, "id", "all", "destination", "/stompede/**");
        eve.send(Command.SUBSCRIBE, "id", "exact", "destination", "/stompede/session", "receipt", "e");
        receipt(eve, "e");
        List<String> heard = new java.util.ArrayList<>();
        broker.subscribe("/stompede/**", m -> heard.add(m.bodyAsString()));

        alice.send(Command.SEND, "destination", "/stompede/session", "x-credentials", "alice:400", "receipt", "a");
        receipt(alice, "a");
        assertThat(message(alice).header("x-notice")).isEqualTo("credentials-refreshed");
        timers.advance(Duration.ofSeconds(340));
        assertThat(message(alice).header("x-notice")).isEqualTo("credentials-expiring");

        assertThat(eve.nextFrame()).as("eve hears nothing of alice's session").isNull();
        assertThat(heard).isEmpty();
    }

    @Test
    @DisplayName("a notice subscription's id is the session's like any other: a second SUBSCRIBE with it is refused, UNSUBSCRIBE ends it")
    void noticeSubscriptionIds() {
        InMemoryConnection client = connect("alice:120");
        client.send(Command.SUBSCRIBE, "id", "n", "destination", "/stompede/session");
        client.send(Command.UNSUBSCRIBE, "id", "n", "receipt", "u");
        receipt(client, "u");
        timers.advance(Duration.ofSeconds(60));
        assertThat(client.nextFrame()).as("no warning after UNSUBSCRIBE").isNull();

        client.send(Command.SUBSCRIBE, "id", "n", "destination", "/stompede/session");
        client.send(Command.SUBSCRIBE, "id", "n", "destination", "/topic/x");
        message(client);        // the warning, due already
        error(client, "subscription id in use");
    }

    @Test
    @DisplayName("recheckSessions closes a revoked principal's session and one whose subscription the new rules deny")
    void recheckRevokes() {
        InMemoryConnection alice = connect("alice:1000");
        InMemoryConnection bob = connect("bob:1000");
        bob.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/secret", "receipt", "b");
        receipt(bob, "b");
        InMemoryConnection carol = connect("carol:1000");
        carol.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/public", "receipt", "c");
        receipt(carol, "c");

        rules.set(AccessRules.parse(List.of("*  send,subscribe  /topic/public"), "acl"));
        broker.recheckSessions(principal -> principal.name().equals("alice"));

        error(alice, "credentials revoked");
        assertThat(error(bob, "credentials revoked").bodyAsString()).contains("/topic/secret");
        assertThat(carol.isClosed()).isFalse();
        carol.sendWithBody(Command.SEND, "x", "destination", "/topic/secret");
        error(carol, "access denied");
    }

    @Test
    @DisplayName("credentials already expired when the session connects end it at once")
    void alreadyExpired() {
        timers.advance(Duration.ofSeconds(100));
        InMemoryConnection client = connect("alice:50");
        timers.advance(Duration.ZERO);
        error(client, "credentials expired");
        assertThat(Optional.ofNullable(client.session().principal()).map(StompPrincipal::name)).contains("alice");
    }
}
