package io.stompede.interop;

import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * @stomp/stompjs 7 in Node, over WebSocket with the {@code ws} package. Each test runs one script
 * of {@code src/test/js}, which makes its own checks and exits non-zero saying which one failed.
 */
@DisplayName("@stomp/stompjs over WebSocket")
class StompJsTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private InteropBroker broker;

    @BeforeAll
    static void requireClient() {
        ClientAvailability.requireStompJs();
    }

    @BeforeEach
    void startBroker() {
        broker = InteropBroker.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private void run(String script) throws InterruptedException {
        try (ChildProcess process = Node.start(script, broker.webSocketUrl())) {
            process.assertSucceeds(SCRIPT_TIMEOUT);
        }
    }

    @Test
    @DisplayName("connects with each subprotocol, v10.stomp, v11.stomp and v12.stomp, and exchanges a message")
    void subprotocols() throws Exception {
        run("subprotocols.mjs");
    }

    @Test
    @DisplayName("holds 1 s heart-beats both ways for several seconds")
    void heartBeats() throws Exception {
        run("heartbeats.mjs");
    }

    @Test
    @DisplayName("publishes to every subscriber with custom headers, with receipts, and stops after unsubscribe")
    void publishSubscribeAndReceipts() throws Exception {
        run("pubsub_receipts.mjs");
    }

    @Test
    @DisplayName("gets a binaryBody with NUL bytes back byte for byte")
    void binaryBody() throws Exception {
        run("binary_body.mjs");
    }

    @Test
    @DisplayName("a NACKed queue message is redelivered; ACKs settle it, cumulatively in ack mode client")
    void ackAndNack() throws Exception {
        run("ack_nack.mjs");
    }

    @Test
    @DisplayName("transactions hold SENDs and ACKs until COMMIT and drop them on ABORT")
    void transactions() throws Exception {
        run("transactions.mjs");
    }

    @Test
    @DisplayName("reconnects by itself after the broker drops its socket and after a broker restart on the same port")
    void reconnects() throws Exception {
        int tcpPort = broker.tcpPort();
        int webSocketPort = broker.webSocketPort();
        try (ChildProcess process = Node.start("reconnect.mjs", broker.webSocketUrl())) {
            process.awaitLine("connected 1"::equals, SCRIPT_TIMEOUT);
            Broker kept = broker.broker();
            broker.dropConnections();
            broker = restartOnSamePorts(kept, tcpPort, webSocketPort);

            process.awaitLine("connected 2"::equals, SCRIPT_TIMEOUT);
            broker.close();
            broker = restartOnSamePorts(InteropBroker.newBroker(), tcpPort, webSocketPort);

            process.awaitLine("connected 3"::equals, SCRIPT_TIMEOUT);
            process.assertSucceeds(SCRIPT_TIMEOUT);
        }
    }

    /**
     * Binds the same ports again. The listeners bind with SO_REUSEADDR, so the closed sockets'
     * TIME_WAIT does not hold the ports; the retry covers the moment before the old listener has
     * let go.
     */
    private static InteropBroker restartOnSamePorts(Broker broker, int tcpPort, int webSocketPort) {
        return await("the ports to be free again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> InteropBroker.start(broker, tcpPort, webSocketPort), started -> true);
    }
}
