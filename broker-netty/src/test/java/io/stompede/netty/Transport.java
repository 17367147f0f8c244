package io.stompede.netty;

import java.io.IOException;
import java.net.URI;

/** The four ways a client reaches the broker, for tests that must hold on each. */
enum Transport {
    TCP(false, false), WEBSOCKET(true, false), TCP_TLS(false, true), WEBSOCKET_TLS(true, true);

    final boolean webSocket;
    final boolean tls;

    Transport(boolean webSocket, boolean tls) {
        this.webSocket = webSocket;
        this.tls = tls;
    }

    /** Adds this transport's listener (port 0) to {@code builder}. */
    StompServerBuilder listen(StompServerBuilder builder, TestCertificate certificate) {
        if (webSocket) {
            return tls ? builder.webSocket(0, "/stomp", certificate.tls()) : builder.webSocket(0, "/stomp");
        }
        return tls ? builder.tcp(0, certificate.tls()) : builder.tcp(0);
    }

    TestClient open(StompServer server, TestCertificate certificate) throws IOException {
        if (webSocket) {
            URI uri = URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + server.webSocketPort() + "/stomp");
            return tls ? WsTestClient.openTls(uri, certificate.clientContext()) : WsTestClient.open(uri, "v12.stomp");
        }
        return tls ? TcpTestClient.openTls(server.tcpPort(), certificate.clientContext())
                : TcpTestClient.open(server.tcpPort());
    }
}
