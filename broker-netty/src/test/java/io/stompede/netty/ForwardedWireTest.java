package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.admin.SessionSummary;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code X-Forwarded-For} and {@code Forwarded} on a WebSocket listener's upgrade request, spoken
 * by hand: believed from a trusted proxy (and driving the per-address limit), ignored from anyone
 * else. {@link HaproxyTest} does the same through a real HAProxy.
 */
@Timeout(60)
class ForwardedWireTest extends WireTest {
    private static final List<String> LOOPBACK_PROXY = List.of("127.0.0.1");

    private SocketAddress sessionAddress(String sessionId) throws Exception {
        List<SessionSummary> sessions = server.broker().sessions().get(5, TimeUnit.SECONDS);
        return sessions.stream().filter(s -> s.id().equals(sessionId)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + sessionId + " in " + sessions))
                .remoteAddress();
    }

    /** Upgrades from 127.0.0.1 with {@code headerLines}, connects, and returns the session's address. */
    private SocketAddress connectWith(String... headerLines) throws Exception {
        try (RawWsClient client = RawWsClient.open("127.0.0.1", server.webSocketPort(), "/stomp", headerLines)) {
            return sessionAddress(client.connect().header("session"));
        }
    }

    private static InetSocketAddress at(String host) {
        return new InetSocketAddress(host, 0);
    }

    @Test
    void xForwardedForFromATrustedProxyNamesTheClient() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(LOOPBACK_PROXY));
        assertThat(connectWith("X-Forwarded-For: 203.0.113.7")).isEqualTo(at("203.0.113.7"));
        // The right-most hop that is not a trusted proxy; whatever the client wrote left of it is not believed.
        assertThat(connectWith("X-Forwarded-For: 198.51.100.66, 203.0.113.7, 127.0.0.1")).isEqualTo(at("203.0.113.7"));
        assertThat(connectWith("X-Forwarded-For: 127.0.0.1", "X-Forwarded-For: [2001:db8::7]:4711"))
                .isEqualTo(new InetSocketAddress("2001:db8::7", 4711));
        // The other header is not read: a client could have written it.
        assertThat(((InetSocketAddress) connectWith("Forwarded: for=203.0.113.7")).getHostString())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedIsReadWhenTheServerIsSetToIt() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(LOOPBACK_PROXY)
                .forwardedHeader(ForwardedHeader.FORWARDED));
        assertThat(connectWith("Forwarded: for=\"[2001:db8::7]:4711\";proto=http"))
                .isEqualTo(new InetSocketAddress("2001:db8::7", 4711));
        assertThat(connectWith("Forwarded: for=198.51.100.66, for=203.0.113.7")).isEqualTo(at("203.0.113.7"));
        assertThat(((InetSocketAddress) connectWith("X-Forwarded-For: 203.0.113.7")).getHostString())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aRequestWithoutAUsableAddressKeepsTheProxys() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(LOOPBACK_PROXY)
                .forwardedHeader(ForwardedHeader.FORWARDED));
        for (String[] headers : List.of(new String[0], new String[] {"Forwarded: for=unknown"},
                new String[] {"Forwarded: for=_hidden"}, new String[] {"Forwarded: for=\"[2001:db8::7\""},
                new String[] {"Forwarded: for=203.0.113.7, for=not-an-address"})) {
            assertThat(((InetSocketAddress) connectWith(headers)).getHostString()).as(String.join(" ", headers))
                    .isEqualTo("127.0.0.1");
        }
    }

    @Test
    void fromAnUntrustedPeerTheHeadersAreIgnored() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(List.of("10.0.0.0/8", "127.0.0.2")));
        try (RawWsClient client = RawWsClient.open("127.0.0.3", server.webSocketPort(), "/stomp",
                "X-Forwarded-For: 203.0.113.7")) {
            assertThat(sessionAddress(client.connect().header("session"))).isEqualTo(client.localAddress());
        }
        // The same header from an address on the list is believed.
        try (RawWsClient client = RawWsClient.open("127.0.0.2", server.webSocketPort(), "/stomp",
                "X-Forwarded-For: 203.0.113.7")) {
            assertThat(sessionAddress(client.connect().header("session"))).isEqualTo(at("203.0.113.7"));
        }
    }

    @Test
    void withNoTrustedProxiesTheHeadersAreIgnored() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp"));
        try (RawWsClient client = RawWsClient.open("127.0.0.1", server.webSocketPort(), "/stomp",
                "X-Forwarded-For: 203.0.113.7", "Forwarded: for=203.0.113.7")) {
            assertThat(sessionAddress(client.connect().header("session"))).isEqualTo(client.localAddress());
        }
    }

    @Test
    void thePerAddressLimitCountsTheNamedClientAndRefusesWith503() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(LOOPBACK_PROXY).maxConnectionsPerAddress(2));
        int port = server.webSocketPort();
        try (RawWsClient first = RawWsClient.open("127.0.0.1", port, "/stomp", "X-Forwarded-For: 203.0.113.7");
             RawWsClient second = RawWsClient.open("127.0.0.1", port, "/stomp", "X-Forwarded-For: 203.0.113.7")) {
            first.connect();
            second.connect();
            assertThatThrownBy(() -> RawWsClient.open("127.0.0.1", port, "/stomp", "X-Forwarded-For: 203.0.113.7"))
                    .isInstanceOf(RawWsClient.UpgradeRefused.class)
                    .hasMessageContaining("503");
            assertThat(connectWith("X-Forwarded-For: 203.0.113.8")).isEqualTo(at("203.0.113.8"));
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("bug: a request that did not upgrade tied its client to a connection the proxy reused for another")
    void aReusedConnectionNamesTheClientOfTheRequestThatUpgrades() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(LOOPBACK_PROXY).maxConnectionsPerAddress(1));
        int port = server.webSocketPort();
        java.net.Socket socket = RawWsClient.connect("127.0.0.1", port);
        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
        // Netty answers an unknown WebSocket version with 426 and keeps the connection open.
        assertThat(RawWsClient.upgradeRequest(socket, in, port, "/stomp", 99, "X-Forwarded-For: 203.0.113.7"))
                .startsWith("HTTP/1.1 426");
        assertThat(RawWsClient.upgradeRequest(socket, in, port, "/stomp", 13, "X-Forwarded-For: 203.0.113.8"))
                .startsWith("HTTP/1.1 101");
        try (RawWsClient reused = RawWsClient.over(socket, in)) {
            assertThat(sessionAddress(reused.connect().header("session"))).isEqualTo(at("203.0.113.8"));
            // The first client's count went back when its request did not upgrade.
            assertThat(connectWith("X-Forwarded-For: 203.0.113.7")).isEqualTo(at("203.0.113.7"));
            assertThatThrownBy(() -> RawWsClient.open("127.0.0.1", port, "/stomp", "X-Forwarded-For: 203.0.113.8"))
                    .isInstanceOf(RawWsClient.UpgradeRefused.class)
                    .hasMessageContaining("503");
        }
    }
}
