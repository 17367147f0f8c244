package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 50,000 subscriptions to one topic, over real sockets and with the default limits (1,000
 * subscriptions per session, hence 50 connections): the broker still answers a newcomer at once,
 * and one SEND reaches every subscription of the connections sampled. How fast the subscriptions
 * themselves go in is for {@code RegistryBenchmark.subscribeToCrowd}, not for a timed test.
 */
class ManySubscribersTest extends WireTest {
    private static final String CROWD = "/topic/crowd";
    private static final int CONNECTIONS = 50;
    /** The default {@code maxSubscriptionsPerSession}. */
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 1_000;
    private static final int[] SAMPLED = {0, 17, CONNECTIONS - 1};

    @Test
    @Timeout(120)
    @DisplayName("issue 12: with 50,000 subscribers on one topic a new client's round trip takes under a second")
    void fiftyThousandSubscribersOnOneTopic() throws Exception {
        start(StompServer.builder().tcp(0));
        List<TcpTestClient> crowd = new ArrayList<>(CONNECTIONS);
        try {
            for (int c = 0; c < CONNECTIONS; c++) {
                TcpTestClient client = TcpTestClient.open(server.tcpPort());
                crowd.add(client);
                client.connect();
            }
            // Every connection's SUBSCRIBEs go out in one write, a receipt asked on the last one
            // only; then the receipts are collected. The broker takes them all at once.
            for (TcpTestClient client : crowd) {
                client.sendRaw(subscriptions());
            }
            for (TcpTestClient client : crowd) {
                client.setReadTimeout(Duration.ofSeconds(60));
                StompFrame receipt = client.receive();
                assertThat(receipt.command()).as("answer to the SUBSCRIBEs: %s", receipt).isEqualTo("RECEIPT");
                assertThat(receipt.header("receipt-id")).isEqualTo("crowd-in");
            }

            try (TcpTestClient newcomer = TcpTestClient.open(server.tcpPort())) {
                newcomer.connect();
                newcomer.setReadTimeout(Duration.ofSeconds(1));
                assertTimeout(Duration.ofSeconds(1), () -> {
                    newcomer.subscribe("probe", "/topic/probe");
                    newcomer.sendWithBody("SEND", "ping", "destination", "/topic/probe");
                    StompFrame message = newcomer.receive();
                    assertThat(message.command()).isEqualTo("MESSAGE");
                    assertThat(message.bodyText()).isEqualTo("ping");
                });

                newcomer.sendWithBody("SEND", "to all", "destination", CROWD, "receipt", "sent");
                assertThat(newcomer.receive().header("receipt-id")).isEqualTo("sent");
            }
            for (int c : SAMPLED) {
                TcpTestClient client = crowd.get(c);
                client.setReadTimeout(Duration.ofSeconds(30));
                Set<String> reached = new HashSet<>();
                for (int i = 0; i < SUBSCRIPTIONS_PER_CONNECTION; i++) {
                    StompFrame message = client.receive();
                    assertThat(message.command()).as("connection %d: %s", c, message).isEqualTo("MESSAGE");
                    assertThat(message.header("destination")).isEqualTo(CROWD);
                    assertThat(message.bodyText()).isEqualTo("to all");
                    reached.add(message.header("subscription"));
                }
                assertThat(reached).as("connection %d: every subscription once", c)
                        .hasSize(SUBSCRIPTIONS_PER_CONNECTION)
                        .contains("s0", "s" + (SUBSCRIPTIONS_PER_CONNECTION - 1));
            }
        } finally {
            crowd.forEach(TcpTestClient::close);
        }
    }

    /** One connection's SUBSCRIBEs to the crowd, ids s0 to s999, the last with a receipt. */
    private static byte[] subscriptions() {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < SUBSCRIPTIONS_PER_CONNECTION; i++) {
            boolean last = i == SUBSCRIPTIONS_PER_CONNECTION - 1;
            byte[] frame = last
                    ? StompFrame.encode("SUBSCRIBE", TestClient.headers("id", "s" + i, "destination", CROWD,
                            "receipt", "crowd-in"), "")
                    : StompFrame.encode("SUBSCRIBE", TestClient.headers("id", "s" + i, "destination", CROWD), "");
            frames.writeBytes(frame);
        }
        return frames.toByteArray();
    }
}
