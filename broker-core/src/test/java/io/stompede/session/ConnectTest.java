package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.security.StompPrincipal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectTest {
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder().build();

    @Test
    void connectedCarriesVersionHeartbeatServerAndSession() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);

        Frame connected = client.connect(Headers.of("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"));

        assertThat(connected.command()).isEqualTo(Command.CONNECTED);
        assertThat(connected.header("version")).isEqualTo("1.2");
        assertThat(connected.header("heart-beat")).as("what the broker really does: none, as asked").isEqualTo("0,0");
        assertThat(connected.header("server")).isEqualTo("Stompede/0.1.0");
        assertThat(connected.header("session")).isEqualTo(client.session().id()).isNotEmpty();
        assertThat(broker.stats().connectedSessions()).isEqualTo(1);
    }

    @Test
    void stompCommandOpensASessionLikeConnect() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.send(Command.STOMP, "accept-version", "1.2", "host", "localhost");

        assertThat(client.awaitFrame(WAIT).command()).isEqualTo(Command.CONNECTED);
    }

    @ParameterizedTest(name = "accept-version {0} -> {1}")
    @CsvSource(delimiter = ';', value = {"1.0;1.0", "1.1;1.1", "1.0,1.1;1.1", "1.2,1.0;1.2", "1.1, 1.2;1.2", "1.0,3.0;1.0"})
    void theHighestCommonVersionWins(String offered, String expected) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);

        Frame connected = client.connect(Headers.of("accept-version", offered));

        assertThat(connected.header("version")).isEqualTo(expected);
    }

    @Test
    @DisplayName("no accept-version header means STOMP 1.0, which has no heart-beats")
    void noAcceptVersionMeansOnePointZero() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);

        Frame connected = client.connect(Headers.of("login", "guest", "heart-beat", "1000,1000"));

        assertThat(connected.header("version")).isEqualTo("1.0");
        assertThat(connected.header("heart-beat")).isNull();
        clock.advance(Duration.ofMinutes(5));
        assertThat(client.heartbeatsReceived()).isZero();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void noCommonVersionIsAnErrorListingTheSupportedOnes() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.send(Command.CONNECT, "accept-version", "2.0,3.1");

        Frame error = error(client, "unsupported version");
        assertThat(error.header("version")).isEqualTo("1.0,1.1,1.2");
        assertThat(broker.stats().connections()).isZero();
    }

    @Test
    @DisplayName("bug: a CONNECT asking for a receipt got an unsupported-version ERROR without the version header")
    void noCommonVersionWithAReceiptStillListsTheSupportedOnes() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.send(Command.CONNECT, "accept-version", "2.0", "receipt", "c-1");

        Frame error = error(client, "unsupported version");
        assertThat(error.header("version")).isEqualTo("1.0,1.1,1.2");
        assertThat(error.header("receipt-id")).isEqualTo("c-1");
    }

    @Test
    void aFrameBeforeConnectIsRefused() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.sendWithBody(Command.SEND, "early", "destination", "/topic/a", "receipt", "r-1");

        Frame error = error(client, "not connected");
        assertThat(error.header("receipt-id")).isEqualTo("r-1");
    }

    @Test
    void aSecondConnectIsRefused() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.connect();
        client.send(Command.CONNECT, "accept-version", "1.2");

        error(client, "already connected");
        assertThat(broker.stats().connections()).isZero();
    }

    @Test
    void aClientThatNeverConnectsIsClosedAfterTheConnectTimeout() {
        Broker strict = Broker.builder().connectTimeout(Duration.ofSeconds(3)).build();
        InMemoryConnection client = InMemoryConnection.open(strict, clock);

        clock.advance(Duration.ofMillis(2999));
        assertThat(client.isClosed()).isFalse();
        clock.advance(Duration.ofMillis(1));

        error(client, "connect timeout");
        assertThat(strict.stats().connections()).isZero();
    }

    @Test
    void theConnectTimeoutDoesNotCloseAConnectedClient() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.connect();

        clock.advance(Duration.ofMinutes(1));

        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void anUnknownVirtualHostIsRefusedAndAKnownOneAccepted() {
        Broker hosted = Broker.builder().virtualHosts("chat.example").build();
        InMemoryConnection stranger = InMemoryConnection.open(hosted, clock);
        stranger.send(Command.CONNECT, "accept-version", "1.2", "host", "other.example");
        error(stranger, "unknown virtual host");

        InMemoryConnection member = InMemoryConnection.open(hosted, clock);
        assertThat(member.connect(Headers.of("accept-version", "1.2", "host", "chat.example")).command())
                .isEqualTo(Command.CONNECTED);
    }

    @Test
    void aRefusedLoginGetsOneGenericErrorAndOthersStillConnect() {
        Broker secured = Broker.builder()
                .authenticator(request -> "secret".equals(request.passcode())
                        ? Optional.of(StompPrincipal.named(request.login()))
                        : Optional.empty())
                .build();
        InMemoryConnection intruder = InMemoryConnection.open(secured, clock);
        intruder.send(Command.CONNECT, "accept-version", "1.2", "login", "alice", "passcode", "guess");

        Frame error = error(intruder, "authentication failed");
        assertThat(error.bodyAsString()).doesNotContain("passcode", "alice", "guess");

        InMemoryConnection alice = InMemoryConnection.open(secured, clock);
        alice.connect(Headers.of("accept-version", "1.2", "login", "alice", "passcode", "secret"));
        assertThat(alice.session().principal().getName()).isEqualTo("alice");
    }

    @Test
    @DisplayName("CONNECT headers are never unescaped: a backslash in a login arrives as sent")
    void connectHeadersAreNotUnescaped() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.connect(Headers.of("accept-version", "1.2", "login", "domain\\user"));

        assertThat(client.session().principal().getName()).isEqualTo("domain\\user");
    }
}
