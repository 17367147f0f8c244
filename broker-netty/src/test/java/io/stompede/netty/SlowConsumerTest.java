package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that stops reading must not hold up the others: the transport reports it not
 * writable once its buffers fill, and the core's slow-consumer policy (here: disconnect once
 * {@value #MAX_PENDING} messages wait for it) takes it from there.
 */
class SlowConsumerTest extends WireTest {
    private static final int MAX_PENDING = 1_000;
    /** Far more than the stalled client's socket buffers, the transport's and the core's bound hold. */
    private static final int MESSAGES = 5_000;
    /** How far the reading subscriber may fall behind: well inside the core's bound. */
    private static final int READER_LAG = 300;
    private static final String BODY = "x".repeat(4096);

    @Test
    @Timeout(120)
    void aStalledSubscriberIsDisconnectedWhileTheOthersGetEveryMessage() throws Exception {
        Broker broker = Broker.builder().slowConsumers(MAX_PENDING, SlowConsumerPolicy.DISCONNECT).build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        try (TcpTestClient stalled = TcpTestClient.openWithSmallReceiveBuffer(server.tcpPort());
             TcpTestClient reader = TcpTestClient.open(server.tcpPort());
             TcpTestClient publisher = TcpTestClient.open(server.tcpPort())) {
            stalled.connect();
            stalled.subscribe("slow", "/topic/firehose");
            reader.connect();
            reader.subscribe("fast", "/topic/firehose");
            publisher.connect();

            AtomicInteger received = new AtomicInteger();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try {
                    while (received.get() < MESSAGES) {
                        assertThat(reader.receive().command()).isEqualTo("MESSAGE");
                        received.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int sent = 0; sent < MESSAGES; sent++) {
                publisher.sendWithBody("SEND", BODY, "destination", "/topic/firehose");
                if (sent % 100 == 99) {
                    // Pace the publisher by the reader, which keeps up by definition; the stalled
                    // subscriber falls behind without bound.
                    int target = sent - READER_LAG;
                    await().atMost(Duration.ofSeconds(30)).until(() -> received.get() >= target);
                }
            }
            reading.get(60, TimeUnit.SECONDS);
            assertThat(received.get()).isEqualTo(MESSAGES);
            assertClosed(stalled, Duration.ofSeconds(20));
        }
    }
}
