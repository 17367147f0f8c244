package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, addressing and stopping servers, and what a WebSocket port does with plain HTTP. */
class StompServerLifecycleTest {

    @Test
    void portZeroPicksFreePortsThatCanBeReadBack() throws IOException {
        try (StompServer server = StompServer.builder().tcp(0).webSocket(0, "/stomp").start()) {
            assertThat(server.tcpPort()).isPositive();
            assertThat(server.webSocketPort()).isPositive().isNotEqualTo(server.tcpPort());
            assertThat(server.listenerUris()).containsExactly(
                    URI.create("tcp://127.0.0.1:" + server.tcpPort()),
                    URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/stomp"));
        }
    }

    @Test
    void theNioTransportServesWhereEpollIsNotWanted() throws IOException {
        try (StompServer server = StompServer.builder().nativeTransport(false).tcp(0).start();
             TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
            client.connect();
        }
    }

    @Test
    void aServerNeedsAListener() {
        assertThatThrownBy(() -> StompServer.builder().start()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingKindOfListenerHasNoPort() throws IOException {
        try (StompServer server = StompServer.builder().tcp(0).start()) {
            assertThatThrownBy(server::webSocketPort).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeReleasesThePortsAndIsIdempotent() throws IOException {
        StompServer server = StompServer.builder().tcp(0).webSocket(0).start();
        int tcp = server.tcpPort();
        int ws = server.webSocketPort();
        server.close();
        server.close();
        for (int port : new int[] {tcp, ws}) {
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }

    @Test
    void aPortInUseFailsStartAndLeavesNothingBound() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            StompServerBuilder builder = StompServer.builder().tcp(0).webSocket(taken.getLocalPort());
            assertThatThrownBy(builder::start).isInstanceOf(IOException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void serversInOneJvmAreIndependent() throws IOException {
        StompServer first = StompServer.builder().tcp(0).start();
        try (StompServer second = StompServer.builder().tcp(0).start()) {
            assertThat(first.broker()).isNotSameAs(second.broker());
            first.close();
            try (TcpTestClient client = TcpTestClient.open(second.tcpPort())) {
                assertThat(client.awaitClosed(Duration.ofMillis(200))).as("second server still serves").isFalse();
            }
        }
    }

    @Test
    void aMissingTlsFileFailsStart(@TempDir Path dir) {
        StompServerBuilder builder = StompServer.builder().tcp(0)
                .tls(dir.resolve("missing.crt"), dir.resolve("missing.key"));
        assertThatThrownBy(builder::start).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void plainHttpRequestsGet404AndUpgradesWithoutUpgradeHeaders400() throws Exception {
        try (StompServer server = StompServer.builder().webSocket(0, "/stomp").start()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + server.webSocketPort();
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
            HttpResponse<String> notUpgrade = http.send(HttpRequest.newBuilder(URI.create(base + "/stomp")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notUpgrade.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void originsOffTheAllowListAreRefused() throws Exception {
        try (StompServer server = StompServer.builder().webSocket(0, "/stomp")
                .allowedOrigins(java.util.List.of("https://chat.example.com")).start()) {
            HttpClient http = HttpClient.newHttpClient();
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.webSocketPort() + "/stomp"))
                    .header("Origin", "https://evil.example.com").build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        }
    }
}
