package io.stompede.netty;

import static io.stompede.netty.SecurityWireTest.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.stompede.Broker;
import io.stompede.frame.FrameLimits;
import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS versions and client certificates, the WebSocket Origin and size checks, and every limit reached over a socket. */
class TransportSecurityTest extends WireTest {
    @TempDir
    Path dir;

    /** Subscribes and sends on one fresh connection: the server still serves. */
    private void stillServes(Transport transport) throws Exception {
        try (TestClient client = open(transport)) {
            client.connect();
            client.subscribe("1", "/topic/after");
            client.sendWithBody("SEND", "still here", "destination", "/topic/after");
            assertThat(client.receive().bodyText()).isEqualTo("still here");
        }
    }

    // ---- TLS

    @Test
    @DisplayName("the server's engine enables exactly TLS 1.2 and 1.3, with BoringSSL and with the JDK's engine")
    void theServerEnablesExactlyTls12And13() throws Exception {
        for (SslProvider provider : List.of(SslProvider.OPENSSL, SslProvider.JDK)) {
            String[] enabled = SslContexts.forServer(certificate.tls(), provider).newEngine(ByteBufAllocator.DEFAULT)
                    .getEnabledProtocols();
            // OpenSSL engines also list "SSLv2Hello", the name of a hello format, not of a protocol.
            assertThat(enabled).as("%s", provider).filteredOn(protocol -> !protocol.equals("SSLv2Hello"))
                    .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        }
    }

    @Test
    @DisplayName("a client that speaks TLS 1.1 (and can) is refused by the server; TLS 1.2 and 1.3 are served")
    void tls11IsRefusedByTheServer() throws Exception {
        start(Transport.TCP_TLS);
        try (Tls11Client old = new Tls11Client(certificate.certificateFile())) {
            // The control: the same client completes a TLS 1.1 handshake with a server that allows it.
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                SslContext tls11 = Tls11Client.tls11Server(certificate);
                Channel permissive = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast(tls11.newHandler(channel.alloc()));
                            }
                        })
                        .bind("127.0.0.1", 0).sync().channel();
                assertThat(old.handshake(((InetSocketAddress) permissive.localAddress()).getPort()))
                        .isEqualTo("TLSv1.1");
                permissive.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }

            // Stompede answers the TLS 1.1 hello with a protocol_version alert: the refusal is the server's.
            assertThatThrownBy(() -> old.handshake(server.tcpPort()))
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("PROTOCOL_VERSION");
        }
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            try (SSLSocket modern = (SSLSocket) certificate.clientContext().getSocketFactory().createSocket()) {
                modern.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()), 5_000);
                modern.setEnabledProtocols(new String[] {version});
                modern.startHandshake();
                assertThat(modern.getSession().getProtocol()).isEqualTo(version);
            }
        }
        stillServes(Transport.TCP_TLS);
    }

    @Test
    void configuredTls12CiphersAreTheOnlyOnesOffered() throws Exception {
        Tls tls = certificate.tls().withCiphers(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        String[] suites = SslContexts.forServer(tls).newEngine(ByteBufAllocator.DEFAULT).getEnabledCipherSuites();
        // BoringSSL keeps its fixed, all-strong TLS 1.3 suites whatever is configured; TLS 1.2 obeys.
        assertThat(suites).filteredOn(s -> !s.startsWith("TLS_AES_") && !s.startsWith("TLS_CHACHA20_"))
                .containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void aRequiredClientCertificateNamesTheUser() throws Exception {
        ClientIdentity alice = ClientIdentity.create(dir, "alice", certificate);
        ClientIdentity stranger = ClientIdentity.create(dir, "stranger", certificate);
        UsersFile users = UsersFile.empty().withUser("alice", null, List.of());
        start(StompServer.builder()
                .broker(Broker.builder().authenticator(users.authenticator(false)).build()).closeBrokerOnClose(true)
                .tcp(0, certificate.tls().withClientCertificates(Tls.ClientCertificates.REQUIRED, alice.caFile())));

        // No certificate, or one the CA file does not vouch for: no STOMP session at all.
        for (var context : List.of(certificate.clientContext(), stranger.tls())) {
            assertThatThrownBy(() -> {
                try (TcpTestClient client = TcpTestClient.openTls(server.tcpPort(), context)) {
                    client.connect();
                }
            }).isInstanceOf(IOException.class);
        }
        // Alice's certificate, no login: her CN makes her the principal (anonymous clients are refused).
        try (TcpTestClient client = TcpTestClient.openTls(server.tcpPort(), alice.tls())) {
            client.connect();
            client.subscribe("1", "/topic/certified");
            client.sendWithBody("SEND", "hi", "destination", "/topic/certified");
            assertThat(client.receive().bodyText()).isEqualTo("hi");
        }
    }

    @Test
    @DisplayName("over secure WebSocket (wss) too, a required client certificate is enforced and its CN names the principal")
    void aRequiredClientCertificateOverSecureWebSocket() throws Exception {
        ClientIdentity alice = ClientIdentity.create(dir, "alice", certificate);
        ClientIdentity stranger = ClientIdentity.create(dir, "stranger", certificate);
        UsersFile users = UsersFile.empty().withUser("alice", null, List.of());
        Broker broker = Broker.builder()
                .authenticator(users.authenticator(false))
                // Tells a client who the broker thinks it is.
                .application("/app/", (message, context) ->
                        context.publish("/topic/whoami", message.principal().getName()))
                .build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true)
                .webSocket(0, "/stomp", certificate.tls().withClientCertificates(Tls.ClientCertificates.REQUIRED,
                        alice.caFile())));
        URI uri = URI.create("wss://127.0.0.1:" + server.webSocketPort() + "/stomp");

        // No certificate, or one the CA file does not vouch for: no WebSocket, no STOMP session.
        for (var context : List.of(certificate.clientContext(), stranger.tls())) {
            assertThatThrownBy(() -> {
                try (WsTestClient client = WsTestClient.openTls(uri, context)) {
                    client.connect();
                }
            }).isInstanceOf(IOException.class);
        }
        // Alice's certificate, no login: her CN is the principal's name.
        try (WsTestClient client = WsTestClient.openTls(uri, alice.tls())) {
            client.connect();
            client.subscribe("1", "/topic/whoami");
            client.send("SEND", "destination", "/app/whoami");
            assertThat(client.receive().bodyText()).isEqualTo("alice");
        }
    }

    @Test
    void anOptionalClientCertificateLeavesPasswordsWorking() throws Exception {
        ClientIdentity alice = ClientIdentity.create(dir, "alice", certificate);
        UsersFile users = UsersFile.empty()
                .withUser("alice", null, List.of())
                .withUser("bob", PasswordHash.hash("bob-pw".toCharArray(), 1_000), List.of());
        start(StompServer.builder()
                .broker(Broker.builder().authenticator(users.authenticator(false)).build()).closeBrokerOnClose(true)
                .tcp(0, certificate.tls().withClientCertificates(Tls.ClientCertificates.OPTIONAL, alice.caFile())));
        try (TcpTestClient bob = TcpTestClient.openTls(server.tcpPort(), certificate.clientContext())) {
            bob.connect("login", "bob", "passcode", "bob-pw");
        }
        try (TcpTestClient certified = TcpTestClient.openTls(server.tcpPort(), alice.tls())) {
            certified.connect();
        }
        try (TcpTestClient nobody = TcpTestClient.openTls(server.tcpPort(), certificate.clientContext())) {
            nobody.send("CONNECT", "accept-version", "1.2", "host", "localhost");
            expectError(nobody, "authentication failed");
        }
    }

    // ---- WebSocket

    /** Sends a WebSocket upgrade request with this Origin and returns the HTTP status line. */
    private String upgradeStatus(String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.webSocketPort())) {
            socket.setSoTimeout(5_000);
            String request = "GET /stomp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aForeignOriginIsRefusedAnAllowedOneAndNoneAreServed() throws Exception {
        start(StompServer.builder().webSocket(0).allowedOrigins(Set.of("https://chat.example")));
        assertThat(upgradeStatus("https://evil.example")).startsWith("HTTP/1.1 403");
        assertThat(upgradeStatus("https://chat.example")).startsWith("HTTP/1.1 101");
        assertThat(upgradeStatus(null)).startsWith("HTTP/1.1 101");
        stillServes(Transport.WEBSOCKET);
    }

    @Test
    void aWebSocketMessageAboveTheMaximumClosesTheConnection() throws Exception {
        start(StompServer.builder().webSocket(0).maxWebSocketMessageSize(1024));
        URI uri = URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/stomp");
        try (WsTestClient client = WsTestClient.open(uri, "v12.stomp")) {
            client.connect();
            client.sendWithBody("SEND", "x".repeat(2_000), "destination", "/topic/big");
            assertClosed(client, TestClient.READ_TIMEOUT);
        }
        try (WsTestClient client = WsTestClient.open(uri, "v12.stomp")) {
            client.connect();
            client.subscribe("1", "/topic/small");
            client.sendWithBody("SEND", "x".repeat(900), "destination", "/topic/small");
            assertThat(client.receive().bodyText()).hasSize(900);
        }
    }

    // ---- limits

    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        start(StompServer.builder().tcp(0).maxConnectionsPerAddress(2));
        checkConnectionLimit(2);
    }

    @Test
    void connectionsInTotalAreLimited() throws Exception {
        start(StompServer.builder().tcp(0).maxConnections(3));
        checkConnectionLimit(3);
    }

    private void checkConnectionLimit(int limit) throws Exception {
        List<TestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                TestClient client = open(Transport.TCP);
                client.connect();
                open.add(client);
            }
            try (TestClient oneTooMany = open(Transport.TCP)) {
                assertClosed(oneTooMany, TestClient.READ_TIMEOUT);
            }
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> stillServes(Transport.TCP));
        } finally {
            open.forEach(TestClient::close);
        }
    }

    @Test
    void aClientSilentBeforeConnectIsClosed() throws Exception {
        start(Transport.TCP, Broker.builder().connectTimeout(Duration.ofMillis(200)).build());
        try (TestClient silent = open(Transport.TCP)) {
            expectError(silent, "connect timeout");
        }
        stillServes(Transport.TCP);
    }

    @Test
    void subscriptionsPerSessionAreLimited() throws Exception {
        start(Transport.TCP, Broker.builder().maxSubscriptionsPerSession(2).build());
        try (TestClient client = open(Transport.TCP)) {
            client.connect();
            client.subscribe("1", "/topic/a");
            client.subscribe("2", "/topic/b");
            client.send("SUBSCRIBE", "id", "3", "destination", "/topic/c");
            expectError(client, "too many subscriptions");
        }
        stillServes(Transport.TCP);
    }

    @Test
    void openTransactionsAndTheirSizeAreLimited() throws Exception {
        start(Transport.TCP, Broker.builder().transactionLimits(1, 2).build());
        try (TestClient client = open(Transport.TCP)) {
            client.connect();
            client.send("BEGIN", "transaction", "t1");
            client.send("BEGIN", "transaction", "t2");
            expectError(client, "too many transactions");
        }
        try (TestClient client = open(Transport.TCP)) {
            client.connect();
            client.send("BEGIN", "transaction", "t");
            for (int i = 0; i < 3; i++) {
                client.sendWithBody("SEND", "m" + i, "destination", "/topic/t", "transaction", "t");
            }
            expectError(client, "transaction too large");
        }
        stillServes(Transport.TCP);
    }

    @Test
    void frameHeaderAndBodySizesAreLimited() throws Exception {
        start(Transport.TCP, Broker.builder().frameLimits(new FrameLimits(8 * 1024, 8, 256, 1024)).build());
        String[][] tooBig = {
            {"body", "x".repeat(2_000)},
            {"header", "x".repeat(300)},
            {"headers", ""},
        };
        for (String[] kind : tooBig) {
            try (TestClient client = open(Transport.TCP)) {
                client.connect();
                switch (kind[0]) {
                    case "body" -> client.sendWithBody("SEND", kind[1], "destination", "/topic/t");
                    case "header" -> client.send("SEND", "destination", "/topic/t", "x-long", kind[1]);
                    default -> client.send("SEND", "destination", "/topic/t", "a", "1", "b", "2", "c", "3", "d", "4",
                            "e", "5", "f", "6", "g", "7", "h", "8", "i", "9");
                }
                StompFrame error = client.receive();
                assertThat(error.command()).as(kind[0]).isEqualTo("ERROR");
                assertClosed(client, TestClient.READ_TIMEOUT);
            }
        }
        stillServes(Transport.TCP);
    }

    @Test
    void aFloodingClientIsThrottledThenRefused() throws Exception {
        start(Transport.TCP, Broker.builder().inboundFrameRate(20, 2).build());
        try (TestClient flooder = open(Transport.TCP)) {
            flooder.connect();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append("SEND\ndestination:/topic/flood\n\nx\0");
            }
            byte[] bytes = burst.toString().getBytes(StandardCharsets.UTF_8);
            // The broker stops reading: keep pushing for a few seconds, as a flood would.
            for (int i = 0; i < 10; i++) {
                try {
                    flooder.sendRaw(bytes);
                } catch (IOException closed) {
                    break;
                }
            }
            expectError(flooder, "too many frames");
        }
        stillServes(Transport.TCP);
    }
}
