package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One broker, with its default limits, serves thousands of simultaneous connections from one address. */
class ManyConnectionsTest extends WireTest {
    private static final int CONNECTIONS = 5_000;

    @Test
    @Timeout(180)
    @DisplayName("bug: the 101st client from one address was refused; 5,000 from loopback are served with the defaults")
    void fiveThousandClientsFromOneAddressConnectAtOnce() throws Exception {
        start(StompServer.builder().tcp(0));
        List<TcpTestClient> clients = new ArrayList<>(CONNECTIONS);
        try {
            // All sockets open first, then every CONNECT goes out, then every answer is read:
            // the broker holds all of them at once.
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(TcpTestClient.open(server.tcpPort()));
            }
            for (TcpTestClient client : clients) {
                client.sendRaw(StompFrame.encode("CONNECT",
                        TestClient.headers("accept-version", "1.2", "host", "localhost"), ""));
            }
            int connected = 0;
            for (TcpTestClient client : clients) {
                if (client.receive().command().equals("CONNECTED")) {
                    connected++;
                }
            }
            assertThat(connected).isEqualTo(CONNECTIONS);
        } finally {
            clients.forEach(TcpTestClient::close);
        }
    }
}
