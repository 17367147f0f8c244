package io.stompede.test;

import static io.stompede.test.StompAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** A test broker with TLS, and one that accepts only given credentials. */
class TestBrokerOptionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void withTlsTheBrokerSpeaksOnlyTlsWithACertificateTheKitsContextTrusts() throws Exception {
        TestBroker broker = TestBroker.tcpAndWebSocket().withTls();
        broker.beforeEach(null);
        try (SSLSocket socket = (SSLSocket) broker.clientSslContext().getSocketFactory()
                .createSocket("127.0.0.1", broker.tcpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(read(socket.getInputStream())).startsWith("CONNECTED");

            assertThat(broker.tcpUri().getScheme()).isEqualTo("ssl");
            assertThat(broker.webSocketUri().getScheme()).isEqualTo("wss");
            assertThat(broker.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(broker.recording().firstSession()).within(WAIT).connected();
        } finally {
            broker.afterEach(null);
        }
    }

    @Test
    void withCredentialsOnlyThoseLoginsConnect() {
        TestBroker broker = TestBroker.inMemory().credentials(Map.of("alice", "secret"));
        broker.beforeEach(null);
        try {
            InMemoryConnection wrong = broker.connectInMemory();
            assertThat(wrong.connect(Headers.of("accept-version", "1.2", "host", "localhost", "login", "alice",
                    "passcode", "guess")).command()).isEqualTo(Command.ERROR);
            InMemoryConnection right = broker.connectInMemory();
            assertThat(right.connect(Headers.of("accept-version", "1.2", "host", "localhost", "login", "alice",
                    "passcode", "secret")).command()).isEqualTo(Command.CONNECTED);
            assertThat(broker.recording().session(1, WAIT)).connected().withHeader("login", "alice");
        } finally {
            broker.afterEach(null);
        }
    }

    private static String read(InputStream in) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); b > 0; b = in.read()) {
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8);
    }
}
