package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.admin.SessionSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PROXY protocol on a TCP listener, spoken by hand: every header form, the limits and the
 * session listing following the client it names, and every bad or untrusted header closed while
 * the broker goes on serving. {@link HaproxyTest} does the same through a real HAProxy.
 */
@Timeout(60)
class ProxyProtocolTest extends WireTest {
    /** The test's sockets come from 127.0.0.1: that is the "proxy". */
    private static final List<String> LOOPBACK_PROXY = List.of("127.0.0.1");
    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };
    private static final byte[] CONNECT = StompFrame.encode("CONNECT",
            TestClient.headers("accept-version", "1.2", "host", "localhost"), "");

    private StompServer startProxied(List<String> trusted, StompServerBuilder builder) throws Exception {
        // A short CONNECT timeout: it also bounds the wait for a PROXY header.
        Broker broker = Broker.builder().connectTimeout(Duration.ofSeconds(1)).build();
        return start(builder.broker(broker).closeBrokerOnClose(true).tcp(0).proxyProtocol(true)
                .trustedProxies(trusted));
    }

    private StompServer startProxied(List<String> trusted) throws Exception {
        return startProxied(trusted, StompServer.builder());
    }

    static byte[] v1(String family, String source, int sourcePort) {
        return ("PROXY " + family + " " + source + " " + (family.equals("TCP6") ? "::1" : "127.0.0.1") + " "
                + sourcePort + " 61613\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 header: {@code command} 0x20 LOCAL or 0x21 PROXY, over TCP from {@code source}. */
    static byte[] v2(int command, String source, int sourcePort) throws IOException {
        byte[] from = InetAddress.getByName(source).getAddress();
        byte[] to = from.length == 4 ? new byte[] {127, 0, 0, 1} : InetAddress.getByName("::1").getAddress();
        ByteBuffer addresses = ByteBuffer.allocate(from.length * 2 + 4)
                .put(from).put(to).putShort((short) sourcePort).putShort((short) 61613);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(command);
        out.write(from.length == 4 ? 0x11 : 0x21);    // TCP over IPv4 / IPv6
        out.write(addresses.capacity() >>> 8);
        out.write(addresses.capacity());
        out.writeBytes(addresses.array());
        return out.toByteArray();
    }

    private SocketAddress sessionAddress(String sessionId) throws Exception {
        List<SessionSummary> sessions = server.broker().sessions().get(5, TimeUnit.SECONDS);
        return sessions.stream().filter(s -> s.id().equals(sessionId)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + sessionId + " in " + sessions))
                .remoteAddress();
    }

    /** Sends {@code header}, then CONNECT; returns the session's address as the broker lists it. */
    private SocketAddress connectBehind(byte[] header) throws Exception {
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            client.sendRaw(header);
            return sessionAddress(client.connect().header("session"));
        }
    }

    private void assertRefused(byte[] firstBytes) throws IOException {
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            try {
                client.sendRaw(firstBytes);
                client.sendRaw(CONNECT);
            } catch (IOException closedAlready) {
                // The server may close before everything is written: refused all the same.
            }
            assertClosed(client, TestClient.READ_TIMEOUT);
        }
    }

    /** A client behind the trusted proxy, named in a header, still gets served. */
    private void stillServing() throws Exception {
        assertThat(connectBehind(v1("TCP4", "198.51.100.1", 1234)))
                .isEqualTo(new InetSocketAddress("198.51.100.1", 1234));
    }

    // ---- from a trusted proxy

    @Test
    void aV1HeaderNamesTheClientThatTheSessionListingShows() throws Exception {
        startProxied(LOOPBACK_PROXY);
        assertThat(connectBehind(v1("TCP4", "203.0.113.7", 4711)))
                .isEqualTo(new InetSocketAddress("203.0.113.7", 4711));
        assertThat(connectBehind(v1("TCP6", "2001:db8::7", 4712)))
                .isEqualTo(new InetSocketAddress("2001:db8::7", 4712));
    }

    @Test
    void aV2HeaderNamesTheClientOverIpv4AndIpv6() throws Exception {
        startProxied(LOOPBACK_PROXY);
        assertThat(connectBehind(v2(0x21, "203.0.113.7", 4711)))
                .isEqualTo(new InetSocketAddress("203.0.113.7", 4711));
        assertThat(connectBehind(v2(0x21, "2001:db8::7", 65535)))
                .isEqualTo(new InetSocketAddress("2001:db8::7", 65535));
    }

    @Test
    void headerAndFirstFrameInOneWriteOrTheHeaderOneByteAtATime() throws Exception {
        startProxied(LOOPBACK_PROXY);
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            client.sendRaw(WsTestClient.concat(v2(0x21, "203.0.113.9", 9), CONNECT));
            StompFrame connected = client.receive();
            assertThat(connected.command()).isEqualTo("CONNECTED");
            assertThat(sessionAddress(connected.header("session"))).isEqualTo(new InetSocketAddress("203.0.113.9", 9));
        }
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            for (byte b : v1("TCP4", "203.0.113.10", 10)) {
                client.sendRaw(new byte[] {b});
            }
            assertThat(sessionAddress(client.connect().header("session")))
                    .isEqualTo(new InetSocketAddress("203.0.113.10", 10));
        }
    }

    @Test
    void localAndUnknownHeadersKeepTheProxysOwnAddress() throws Exception {
        startProxied(LOOPBACK_PROXY);
        // LOCAL: the proxy's own connection, say a health check. UNKNOWN: the proxy cannot tell.
        assertThat(((InetSocketAddress) connectBehind(v2(0x20, "203.0.113.7", 4711))).getHostString())
                .isEqualTo("127.0.0.1");
        assertThat(((InetSocketAddress) connectBehind("PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII)))
                .getHostString()).isEqualTo("127.0.0.1");
    }

    @Test
    void overTlsTheHeaderComesFirstAndTheHandshakeAfterIt() throws Exception {
        Broker broker = Broker.builder().build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0, certificate.tls())
                .proxyProtocol(true).trustedProxies(LOOPBACK_PROXY));
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()), 10_000);
        plain.getOutputStream().write(v1("TCP4", "203.0.113.7", 4711));
        SSLSocket tls = (SSLSocket) certificate.clientContext().getSocketFactory()
                .createSocket(plain, "127.0.0.1", server.tcpPort(), true);
        try (TcpTestClient client = TcpTestClient.over(tls)) {
            String session = client.connect().header("session");
            assertThat(sessionAddress(session)).isEqualTo(new InetSocketAddress("203.0.113.7", 4711));
        }
    }

    @Test
    void thePerAddressLimitCountsTheNamedClientNotTheProxy() throws Exception {
        startProxied(LOOPBACK_PROXY, StompServer.builder().maxConnectionsPerAddress(2));
        TcpTestClient first = TcpTestClient.open(server.tcpPort());
        try (TcpTestClient second = TcpTestClient.open(server.tcpPort())) {
            for (TcpTestClient client : List.of(first, second)) {
                client.sendRaw(v1("TCP4", "203.0.113.7", 1000));
                client.connect();
            }
            // A third from the same client is one too many; another client behind the same proxy is not.
            assertRefused(v1("TCP4", "203.0.113.7", 1003));
            assertThat(connectBehind(v1("TCP4", "203.0.113.8", 1000)))
                    .isEqualTo(new InetSocketAddress("203.0.113.8", 1000));

            // Once one of the two has gone, its slot is free again.
            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(connectBehind(v1("TCP4", "203.0.113.7", 1004)))
                            .isEqualTo(new InetSocketAddress("203.0.113.7", 1004)));
        } finally {
            first.close();
        }
    }

    @Test
    void aTrustedProxyMustSendAHeader() throws Exception {
        startProxied(LOOPBACK_PROXY);
        assertRefused(CONNECT);
        assertRefused("\n\n".getBytes(StandardCharsets.US_ASCII));
        stillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "PROXY GARBAGE\r\n",
        "PROXY TCP4 203.0.113.7\r\n",
        "PROXY TCP4 203.0.113.300 127.0.0.1 4711 61613\r\n",
        "PROXY TCP4 203.0.113.7 127.0.0.1 99999 61613\r\n",
        "PROXY TCP4 2001:db8::7 127.0.0.1 4711 61613\r\n",
        "PROXY TCP4 203.0.113.7 127.0.0.1 4711 61613\n",
        "PROXY TCP4 203.0.113.7 127.0.0.1 4711 61613 and a great deal more than the 108 bytes a v1 line may take\r\n",
    })
    void aMalformedV1HeaderIsClosedAndTheBrokerServesOthers(String header) throws Exception {
        startProxied(LOOPBACK_PROXY);
        assertRefused(header.getBytes(StandardCharsets.US_ASCII));
        stillServing();
    }

    @Test
    void malformedV2HeadersAreClosedAndTheBrokerServesOthers() throws Exception {
        startProxied(LOOPBACK_PROXY);
        byte[] good = v2(0x21, "203.0.113.7", 4711);
        byte[] badVersion = good.clone();
        badVersion[12] = 0x31;
        byte[] badCommand = good.clone();
        badCommand[12] = 0x2F;
        byte[] shortAddresses = good.clone();
        shortAddresses[15] = 4;    // says 4 bytes of addresses for TCP over IPv4, which needs 12
        byte[] huge = good.clone();
        huge[14] = (byte) 0xFF;    // 65 KB of "extensions", past the bound the broker accepts
        huge[15] = (byte) 0xFF;
        for (byte[] header : List.of(badVersion, badCommand, shortAddresses)) {
            assertRefused(header);
        }
        assertRefused(WsTestClient.concat(huge, new byte[20_000]));
        stillServing();
    }

    @DisplayName("a truncated PROXY header is closed once the CONNECT timeout has passed, not held open")
    @ParameterizedTest
    @ValueSource(ints = {6, 13, 16, 20})
    void aTruncatedHeaderIsClosed(int v2Bytes) throws Exception {
        startProxied(LOOPBACK_PROXY);
        byte[] v1 = "PROXY TCP4 203.0.113.7 127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        byte[] v2 = Arrays.copyOf(v2(0x21, "203.0.113.7", 4711), v2Bytes);
        for (byte[] truncated : List.of(v1, v2)) {
            try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
                client.sendRaw(truncated);
                assertClosed(client, TestClient.READ_TIMEOUT);
            }
        }
        stillServing();
    }

    // ---- from anyone else

    @Test
    void withNoTrustedProxyEveryHeaderIsRefusedAndPlainClientsAreServedUnderTheirOwnAddress() throws Exception {
        startProxied(List.of());
        assertRefused(v1("TCP4", "203.0.113.7", 4711));
        assertRefused(v2(0x21, "203.0.113.7", 4711));
        assertRefused(v2(0x20, "203.0.113.7", 4711));
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            String session = client.connect().header("session");
            assertThat(sessionAddress(session)).isEqualTo(client.localAddress());
        }
    }

    @Test
    void aProxyNotOnTheListIsRefused() throws Exception {
        startProxied(List.of("10.0.0.0/8", "127.0.0.2"));
        assertRefused(v1("TCP4", "203.0.113.7", 4711));
        assertRefused(v2(0x21, "203.0.113.7", 4711));
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            assertThat(sessionAddress(client.connect().header("session"))).isEqualTo(client.localAddress());
        }
        // The same broker takes the header from an address on the list.
        try (TcpTestClient client = TcpTestClient.openFrom("127.0.0.2", server.tcpPort())) {
            client.sendRaw(v1("TCP4", "203.0.113.7", 4711));
            assertThat(sessionAddress(client.connect().header("session")))
                    .isEqualTo(new InetSocketAddress("203.0.113.7", 4711));
        }
    }

    @Test
    void withoutTheProxyProtocolAHeaderIsJustABadFrame() throws Exception {
        start(StompServer.builder().tcp(0).trustedProxies(LOOPBACK_PROXY));
        try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            client.sendRaw(v1("TCP4", "203.0.113.7", 4711));
            client.sendRaw(CONNECT);
            assertThat(client.receive().command()).isEqualTo("ERROR");
            assertClosed(client, TestClient.READ_TIMEOUT);
        }
    }
}
