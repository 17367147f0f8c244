package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.security.Authenticator;
import io.stompede.transport.ConnectionInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The basic round trip and the connection-level timers, on every transport. */
class MessagingTest extends WireTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectSubscribeSendReceive(Transport transport) throws Exception {
        start(transport);
        try (TestClient subscriber = open(transport); TestClient publisher = open(transport)) {
            StompFrame connected = subscriber.connect();
            assertThat(connected.header("version")).isEqualTo("1.2");
            publisher.connect();
            subscriber.subscribe("s1", "/topic/chat");

            publisher.sendWithBody("SEND", "hello över the wire", "destination", "/topic/chat",
                    "content-type", "text/plain");

            StompFrame message = subscriber.receive();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.header("destination")).isEqualTo("/topic/chat");
            assertThat(message.header("subscription")).isEqualTo("s1");
            assertThat(message.header("message-id")).isNotBlank();
            assertThat(message.bodyText()).isEqualTo("hello över the wire");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theBrokerSeesHowTheClientArrived(Transport transport) throws Exception {
        AtomicReference<ConnectionInfo> seen = new AtomicReference<>();
        start(transport, Broker.builder().authenticator(request -> {
            seen.set(request.connection());
            return Authenticator.ALLOW_ALL.authenticate(request);
        }).build());
        try (TestClient client = open(transport)) {
            client.connect();
        }
        ConnectionInfo info = seen.get();
        assertThat(info.transport()).isEqualTo(transport.webSocket ? "websocket" : "tcp");
        assertThat(info.secure()).isEqualTo(transport.tls);
        assertThat(info.peerCertificates()).isEmpty();
        assertThat(((InetSocketAddress) info.remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
        assertThat(((InetSocketAddress) info.localAddress()).getPort())
                .isEqualTo(transport.webSocket ? server.webSocketPort() : server.tcpPort());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "WEBSOCKET"})
    void heartBeatsFlowBothWaysAndASilentClientIsClosed(Transport transport) throws Exception {
        start(transport, Broker.builder().heartbeatBounds(Duration.ofMillis(100), Duration.ofMinutes(1)).build());
        try (TestClient client = open(transport)) {
            StompFrame connected = client.connect("heart-beat", "200,200");
            assertThat(connected.header("heart-beat")).matches("[1-9][0-9]*,[1-9][0-9]*");

            // The client beats at once (every 100 ms, twice as often as it promised), or the broker
            // would rightly close it once it has been silent for 2 x 200 ms.
            Heartbeater beats = new Heartbeater(client, Duration.ofMillis(100));
            try {
                // The broker sends EOLs while it has nothing else to say...
                client.reader().readHeartbeat();
                client.reader().readHeartbeat();
                // ...and keeps the beating client well past its interval and grace.
                assertThat(client.awaitClosed(Duration.ofSeconds(1))).as("closed while beating").isFalse();
            } finally {
                beats.close();
            }

            // Then it falls silent, and the broker gives up on it.
            assertClosed(client, Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "WEBSOCKET", "TCP_TLS"})
    void aClientThatNeverSendsConnectIsClosed(Transport transport) throws Exception {
        start(transport, Broker.builder().connectTimeout(Duration.ofMillis(300)).build());
        try (TestClient client = open(transport)) {
            assertClosed(client, Duration.ofSeconds(10));
        }
    }
}
