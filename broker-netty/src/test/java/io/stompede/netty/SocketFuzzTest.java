package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams of random bytes, some behind a valid CONNECT, into real sockets for a bounded time: the
 * server must close or answer each, keep no connection behind, and go on serving.
 */
class SocketFuzzTest extends WireTest {
    private static final Duration BUDGET = Duration.ofSeconds(2);

    @Test
    @Timeout(60)
    void randomBytesNeverStopTheServer() throws Exception {
        start(Transport.TCP, SecurityWireTest.securedBroker(true));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int connections = 0;
        while (System.nanoTime() < deadline) {
            try (TcpTestClient client = TcpTestClient.open(server.tcpPort())) {
                if (random.nextBoolean()) {
                    client.sendRaw("CONNECT\naccept-version:1.2\nhost:x\n\n\0".getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    byte[] noise = new byte[1 + random.nextInt(4_096)];
                    random.nextBytes(noise);
                    try {
                        client.sendRaw(noise);
                    } catch (IOException closedByServer) {
                        break;
                    }
                }
            }
            connections++;
        }
        Broker broker = server.broker();
        String context = "seed " + seed + ", " + connections + " connections";
        await(context).atMost(Duration.ofSeconds(20)).until(() -> broker.stats().connections() == 0);

        try (TestClient client = open(Transport.TCP)) {
            client.connect("login", "alice", "passcode", "alice-pw");
            client.subscribe("1", "/topic/chat/after");
            client.sendWithBody("SEND", "still serving", "destination", "/topic/chat/after");
            assertThat(client.receive().bodyText()).as(context).isEqualTo("still serving");
        }
    }
}
