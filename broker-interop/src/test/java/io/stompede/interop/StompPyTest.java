package io.stompede.interop;

import io.stompede.Broker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * stomp.py (Debian's python3-stomp) over TCP. Each test runs one script of
 * {@code src/test/python}; the script makes its own checks and exits non-zero, saying which one
 * failed, so a failure here carries the script's output.
 */
@DisplayName("stomp.py over TCP")
class StompPyTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private static InteropBroker broker;

    @BeforeAll
    static void startBroker() {
        ClientAvailability.requireStompPy();
        broker = InteropBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static void run(String script) throws InterruptedException {
        Python.runScript(script, broker.tcpPort(), SCRIPT_TIMEOUT);
    }

    @Test
    @DisplayName("reconnects with x-since-offset and x-since-epoch and gets exactly the messages it missed, then live ones")
    void resubscribesAfterAPosition() throws Exception {
        try (InteropBroker positions = InteropBroker.start(
                Broker.builder().history("/topic/interop.py.positions.**", 100).build(), 0, 0)) {
            Python.runScript("positions.py", positions.tcpPort(), SCRIPT_TIMEOUT);
        }
    }

    @Test
    @DisplayName("connects with STOMP 1.0, 1.1 and 1.2, exchanges a message on each and disconnects with a receipt")
    void connectsWithEveryVersion() throws Exception {
        run("connect_versions.py");
    }

    @Test
    @DisplayName("keeps a connection with 500 ms heart-beats both ways alive for several intervals")
    void heartBeats() throws Exception {
        run("heartbeats.py");
    }

    @Test
    @DisplayName("gets custom headers back intact, values with ':', newlines, backslashes and UTF-8 included")
    void customAndEscapedHeaders() throws Exception {
        run("headers.py");
    }

    @Test
    @DisplayName("gets a binary body with NUL bytes back byte for byte")
    void binaryBody() throws Exception {
        run("binary_body.py");
    }

    @Test
    @DisplayName("gets receipts for SUBSCRIBE, SEND and UNSUBSCRIBE, and nothing after UNSUBSCRIBE")
    void receiptsAndUnsubscribe() throws Exception {
        run("receipts_and_unsubscribe.py");
    }

    @Test
    @DisplayName("ack modes client (cumulative) and client-individual return exactly the unacknowledged messages")
    void ackModes() throws Exception {
        run("ack_modes.py");
    }

    @Test
    @DisplayName("a NACKed queue message is redelivered marked redelivered, over 1.1 and 1.2")
    void nackAndRedelivery() throws Exception {
        run("nack_redelivery.py");
    }

    @Test
    @DisplayName("transactions hold SENDs and ACKs until COMMIT and drop them on ABORT")
    void transactions() throws Exception {
        run("transactions.py");
    }
}
