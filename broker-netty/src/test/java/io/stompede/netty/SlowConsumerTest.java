package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that stops reading must not hold up the others: the transport reports it not
 * writable once its small buffer fills, and the core's slow-consumer policy takes it from there.
 */
class SlowConsumerTest extends WireTest {
    private static final int MESSAGES = 2_000;
    private static final String BODY = "x".repeat(4096);

    @Test
    @Timeout(120)
    void aStalledSubscriberDoesNotHoldUpTheOthers() throws Exception {
        start(StompServer.builder().tcp(0).writeBufferWaterMark(8 * 1024, 16 * 1024));
        try (TcpTestClient stalled = TcpTestClient.openWithSmallReceiveBuffer(server.tcpPort());
             TcpTestClient reader = TcpTestClient.open(server.tcpPort());
             TcpTestClient publisher = TcpTestClient.open(server.tcpPort())) {
            stalled.connect();
            stalled.subscribe("slow", "/topic/firehose");
            reader.connect();
            reader.subscribe("fast", "/topic/firehose");
            publisher.connect();

            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                int count = 0;
                try {
                    while (count < MESSAGES) {
                        if (reader.receive().command().equals("MESSAGE")) {
                            count++;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return count;
            });
            for (int i = 0; i < MESSAGES; i++) {
                publisher.sendWithBody("SEND", BODY, "destination", "/topic/firehose");
            }
            publisher.send("DISCONNECT", "receipt", "done");
            assertThat(publisher.receive().header("receipt-id")).isEqualTo("done");

            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(MESSAGES);
        }
    }
}
