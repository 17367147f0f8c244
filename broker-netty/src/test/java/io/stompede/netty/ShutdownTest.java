package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A graceful stop: every client is told why, then the ports are free again. */
class ShutdownTest extends WireTest {

    @Test
    void clientsGetServerShuttingDownAndThePortsAreReleased() throws Exception {
        start(StompServer.builder().tcp(0).webSocket(0));
        int tcpPort = server.tcpPort();
        int wsPort = server.webSocketPort();
        try (TestClient tcp = open(Transport.TCP); TestClient ws = open(Transport.WEBSOCKET)) {
            tcp.connect();
            ws.connect();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

            for (TestClient client : new TestClient[] {tcp, ws}) {
                StompFrame error = client.receive();
                assertThat(error.command()).isEqualTo("ERROR");
                assertThat(error.header("message")).isEqualTo("server shutting down");
                assertClosed(client, Duration.ofSeconds(10));
            }
            closing.get(20, TimeUnit.SECONDS);
        }
        server = null;
        for (int port : new int[] {tcpPort, wsPort}) {
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }
}
