package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.admin.SessionSummary;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker behind a real HAProxy: PROXY protocol v1 ({@code send-proxy}) and v2
 * ({@code send-proxy-v2}) on TCP, {@code X-Forwarded-For} ({@code option forwardfor}) on
 * WebSocket. HAProxy reaches the broker from 127.0.0.1 while the clients bind 127.0.0.2 and
 * 127.0.0.3, so the session listing and the per-address limit show whose address the broker
 * believed: the client's through a trusted proxy, the proxy's (or a closed connection) otherwise.
 */
@Timeout(120)
class HaproxyTest extends WireTest {
    private static final List<String> HAPROXY_TRUSTED = List.of("127.0.0.1");

    @TempDir
    Path directory;
    private Haproxy haproxy;

    @BeforeAll
    static void haproxyInstalled() {
        Haproxy.require();
    }

    @AfterEach
    void stopHaproxy() {
        if (haproxy != null) {
            haproxy.close();
        }
    }

    private SocketAddress sessionAddress(String sessionId) throws Exception {
        List<SessionSummary> sessions = server.broker().sessions().get(5, TimeUnit.SECONDS);
        return sessions.stream().filter(s -> s.id().equals(sessionId)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + sessionId + " in " + sessions))
                .remoteAddress();
    }

    private void tcpProxy(String sendProxy) throws Exception {
        haproxy = Haproxy.start(directory, server.tcpPort(), "tcp", List.of(), sendProxy);
    }

    private void httpProxy() throws Exception {
        haproxy = Haproxy.start(directory, server.webSocketPort(), "http", List.of("option forwardfor"), "");
    }

    private RawWsClient webSocketFrom(String localHost, String... headerLines) throws Exception {
        return RawWsClient.open(localHost, haproxy.port(), "/stomp", headerLines);
    }

    // ---- TCP, PROXY protocol

    @ParameterizedTest
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void overTcpTheSessionShowsTheClientsAddressAndPort(String sendProxy) throws Exception {
        start(StompServer.builder().tcp(0).proxyProtocol(true).trustedProxies(HAPROXY_TRUSTED));
        tcpProxy(sendProxy);
        try (TcpTestClient client = TcpTestClient.openFrom("127.0.0.2", haproxy.port())) {
            String session = client.connect().header("session");
            assertThat(sessionAddress(session)).as(haproxy.log()).isEqualTo(client.localAddress());
            client.subscribe("1", "/topic/behind");
            client.sendWithBody("SEND", "through haproxy", "destination", "/topic/behind");
            assertThat(client.receive().bodyText()).isEqualTo("through haproxy");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void overTcpThePerAddressLimitCountsTheClientNotTheProxy(String sendProxy) throws Exception {
        start(StompServer.builder().tcp(0).proxyProtocol(true).trustedProxies(HAPROXY_TRUSTED)
                .maxConnectionsPerAddress(2));
        tcpProxy(sendProxy);
        try (TcpTestClient first = TcpTestClient.openFrom("127.0.0.2", haproxy.port());
             TcpTestClient second = TcpTestClient.openFrom("127.0.0.2", haproxy.port())) {
            first.connect();
            second.connect();
            try (TcpTestClient third = TcpTestClient.openFrom("127.0.0.2", haproxy.port())) {
                third.send("CONNECT", "accept-version", "1.2", "host", "localhost");
                assertClosed(third, TestClient.READ_TIMEOUT);
            }
            try (TcpTestClient other = TcpTestClient.openFrom("127.0.0.3", haproxy.port())) {
                String session = other.connect().header("session");
                assertThat(sessionAddress(session)).isEqualTo(other.localAddress());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(value = {"send-proxy,", "send-proxy-v2,", "send-proxy,10.0.0.0/8", "send-proxy-v2,10.0.0.0/8"})
    void overTcpAProxyThatIsNotTrustedIsRefused(String sendProxy, String trusted) throws Exception {
        start(StompServer.builder().tcp(0).proxyProtocol(true)
                .trustedProxies(trusted == null ? List.of() : List.of(trusted)));
        tcpProxy(sendProxy);
        try (TcpTestClient client = TcpTestClient.openFrom("127.0.0.2", haproxy.port())) {
            client.send("CONNECT", "accept-version", "1.2", "host", "localhost");
            assertClosed(client, TestClient.READ_TIMEOUT);
        }
        // A client that comes straight to the broker is served under its own address.
        try (TcpTestClient direct = TcpTestClient.openFrom("127.0.0.3", server.tcpPort())) {
            assertThat(sessionAddress(direct.connect().header("session"))).isEqualTo(direct.localAddress());
        }
    }

    // ---- WebSocket, X-Forwarded-For

    @Test
    void overWebSocketTheSessionShowsTheClientsAddress() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(HAPROXY_TRUSTED));
        httpProxy();
        try (RawWsClient client = webSocketFrom("127.0.0.2")) {
            String session = client.connect().header("session");
            assertThat(((InetSocketAddress) sessionAddress(session)).getHostString()).as(haproxy.log())
                    .isEqualTo("127.0.0.2");
            client.subscribe("1", "/topic/behind");
            client.sendWithBody("SEND", "through haproxy", "destination", "/topic/behind");
            assertThat(client.receive().bodyText()).isEqualTo("through haproxy");
        }
        // A client's own X-Forwarded-For comes before HAProxy's: it is not what the broker believes.
        try (RawWsClient client = webSocketFrom("127.0.0.2", "X-Forwarded-For: 203.0.113.66")) {
            String session = client.connect().header("session");
            assertThat(((InetSocketAddress) sessionAddress(session)).getHostString()).isEqualTo("127.0.0.2");
        }
    }

    @Test
    void overWebSocketThePerAddressLimitCountsTheClientNotTheProxy() throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp").trustedProxies(HAPROXY_TRUSTED)
                .maxConnectionsPerAddress(2));
        httpProxy();
        try (RawWsClient first = webSocketFrom("127.0.0.2"); RawWsClient second = webSocketFrom("127.0.0.2")) {
            first.connect();
            second.connect();
            assertThatThrownBy(() -> webSocketFrom("127.0.0.2").close())
                    .isInstanceOf(RawWsClient.UpgradeRefused.class)
                    .hasMessageContaining("503");
            try (RawWsClient other = webSocketFrom("127.0.0.3")) {
                String session = other.connect().header("session");
                assertThat(((InetSocketAddress) sessionAddress(session)).getHostString()).isEqualTo("127.0.0.3");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/8"})
    void overWebSocketXForwardedForFromAProxyThatIsNotTrustedIsIgnored(String trusted) throws Exception {
        start(StompServer.builder().webSocket(0, "/stomp")
                .trustedProxies(trusted.isEmpty() ? List.of() : List.of(trusted)));
        httpProxy();
        try (RawWsClient client = webSocketFrom("127.0.0.2")) {
            String session = client.connect().header("session");
            // The socket's address: HAProxy's.
            assertThat(((InetSocketAddress) sessionAddress(session)).getHostString()).isEqualTo("127.0.0.1");
        }
    }
}
