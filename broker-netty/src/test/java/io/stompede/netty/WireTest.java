package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Shared set-up for tests that talk STOMP over real sockets: one certificate, one server per test. */
abstract class WireTest {
    @TempDir
    static Path certificateDirectory;
    static TestCertificate certificate;

    StompServer server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.create(certificateDirectory);
    }

    /** A server with this transport's listener, serving {@code broker} (closed with the server). */
    StompServer start(Transport transport, Broker broker) throws Exception {
        return start(transport.listen(StompServer.builder().broker(broker).closeBrokerOnClose(true), certificate));
    }

    StompServer start(Transport transport) throws Exception {
        return start(transport.listen(StompServer.builder(), certificate));
    }

    StompServer start(StompServerBuilder builder) throws Exception {
        server = builder.shutdownTimeout(Duration.ofSeconds(5)).start();
        return server;
    }

    TestClient open(Transport transport) throws Exception {
        return transport.open(server, certificate);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static void assertClosed(TestClient client, Duration within) {
        assertThat(client.awaitClosed(within)).as("the server closed the connection").isTrue();
    }
}
