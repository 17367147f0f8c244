package io.stompede.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A strict broker fails the test in which a client broke the specification, saying which rule
 * and with which frame. The extension's callbacks are driven by hand here, to see the failure
 * they raise.
 */
class StrictModeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void everyRuleTheClientBrokeFailsTheTestWithTheRuleAndTheFrame() throws Exception {
        TestBroker strict = TestBroker.tcpAndWebSocket().strict();
        strict.beforeEach(null);
        try (RawClient early = RawClient.connect(strict.tcpUri());
             RawClient sloppy = RawClient.connect(strict.tcpUri());
             RawClient confused = RawClient.connect(strict.tcpUri())) {
            early.write("SEND\ndestination:/topic/a\n\n\0");
            early.read();
            sloppy.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            sloppy.read();
            sloppy.write("SUBSCRIBE\ndestination:/topic/a\nreceipt:r\n\n\0");
            sloppy.read();
            confused.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            confused.read();
            confused.write("ACK\nid:never-sent\nreceipt:a\n\n\0");
            confused.read();
            RecordedSession third = strict.recording().session(2, WAIT);
            strict.recording().await(WAIT, () -> !third.violations().isEmpty());
        } finally {
            assertThatThrownBy(() -> strict.afterEach(null))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("session 0")
                    .hasMessageContaining("a frame before CONNECT")
                    .hasMessageContaining("session 1")
                    .hasMessageContaining("SUBSCRIBE without id, required since STOMP 1.1")
                    .hasMessageContaining("session 2")
                    .hasMessageContaining("ACK for an id the broker never sent in a MESSAGE")
                    .hasMessageContaining("never-sent");
        }
    }

    @Test
    void bytesThatAreNotStompAreAViolation() throws Exception {
        TestBroker strict = TestBroker.tcpAndWebSocket().strict();
        strict.beforeEach(null);
        try (RawClient client = RawClient.connect(strict.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            client.read();
            client.write("SEND\ndestination:/topic/a\nx-bad:back\\slash\n\n\0");
            client.read();
            RecordedSession session = strict.recording().firstSession();
            strict.recording().await(WAIT, () -> !session.violations().isEmpty());
            assertThat(session.violations()).singleElement().asString().contains("not a STOMP frame");
        } finally {
            assertThatThrownBy(() -> strict.afterEach(null)).hasMessageContaining("not a STOMP frame");
        }
    }

    @Test
    void aClientThatKeepsTheRulesPasses() throws Exception {
        TestBroker strict = TestBroker.tcpAndWebSocket().strict();
        strict.beforeEach(null);
        try (RawClient client = RawClient.connect(strict.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            client.read();
            client.write("SUBSCRIBE\nid:s\ndestination:/queue/q\nack:client\nreceipt:r\n\n\0");
            client.read();
            strict.broker().publish("/queue/q", "m").join();
            String message = client.read();
            client.write("ACK\nid:" + RawClient.header(message, "ack") + "\nreceipt:a\n\n\0");
            client.read();
            client.write("DISCONNECT\nreceipt:d\n\n\0");
            client.read();
        } finally {
            assertThatCode(() -> strict.afterEach(null)).doesNotThrowAnyException();
        }
    }
}
