package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.config.ResumeConfig;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Malformed input over a connected session: every case gets an ERROR with a message, the
 * connection closes, the session leaves nothing behind, and another client is still served.
 */
class BadInputTest {
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder()
            .frameLimits(new FrameLimits(4096, 8, 256, 1024))
            .build();

    private InMemoryConnection subscribedClient() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.connect();
        client.send(Command.SUBSCRIBE, "destination", "/queue/work", "id", "w", "ack", "client");
        client.send(Command.SUBSCRIBE, "destination", "/topic/t", "id", "t");
        return client;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "unknown command          | FROB\\n\\n\\u0000                                                   | unknown command",
        "header without colon     | SEND\\ndestination\\n\\n\\u0000                                     | header line without ':'",
        "invalid escape in 1.2    | SEND\\ndestination:/topic/a\\nx:\\\\t\\n\\n\\u0000                   | invalid header escape \\\\t (STOMP 1.2)",
        "content-length not NUL   | SEND\\ndestination:/topic/a\\ncontent-length:2\\n\\nabc\\u0000       | frame not terminated by NUL after content-length bytes of body",
        "bad content-length       | SEND\\ndestination:/topic/a\\ncontent-length:-5\\n\\n\\u0000         | invalid content-length header",
    })
    void malformedFramesAreAnsweredWithErrorAndClose(String name, String escapedInput, String expectedMessage) {
        InMemoryConnection client = subscribedClient();
        broker.publish("/queue/work", "held by the bad client").join();
        assertThat(client.awaitFrame(WAIT).command()).isEqualTo(Command.MESSAGE);

        client.sendRaw(unescape(escapedInput));

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo(unescape(expectedMessage));
        assertThat(client.isClosed()).isTrue();
        assertStateCleanAndOthersServed();
    }

    @Test
    @org.junit.jupiter.api.DisplayName("bug: a header value that is not UTF-8 was accepted without a word; ERROR and close")
    void aHeaderThatIsNotUtf8IsAnsweredWithErrorAndClose() {
        InMemoryConnection client = subscribedClient();
        byte[] start = "SEND\ndestination:/topic/t\nname:caf".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] end = "\n\nhi\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] wire = java.util.Arrays.copyOf(start, start.length + 1 + end.length);
        wire[start.length] = (byte) 0xe9;   // Latin-1 for é: not UTF-8
        System.arraycopy(end, 0, wire, start.length + 1, end.length);

        client.sendRaw(wire);

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo("header not valid UTF-8");
        assertThat(client.isClosed()).isTrue();
        assertStateCleanAndOthersServed();
    }

    @Test
    void aHeaderLineOverTheLimitIsRefusedBeforeItIsBuffered() {
        InMemoryConnection client = subscribedClient();

        client.sendRaw("SEND\ndestination:/topic/a\nx:" + "y".repeat(10_000));

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.header("message")).isEqualTo("header line too long (limit 256 bytes)");
        assertStateCleanAndOthersServed();
    }

    @Test
    void tooManyHeadersAreRefused() {
        InMemoryConnection client = subscribedClient();
        Headers.Builder headers = Headers.builder().add("destination", "/topic/a");
        for (int i = 0; i < 20; i++) {
            headers.add("h" + i, "v");
        }

        client.send(Frame.of(Command.SEND, headers.build()));

        assertThat(client.awaitFrame(WAIT).header("message")).isEqualTo("too many headers (limit 8)");
        assertStateCleanAndOthersServed();
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithTheReceiptQuoted() {
        InMemoryConnection client = subscribedClient();

        client.sendRaw("SEND\ndestination:/topic/a\nreceipt:big\ncontent-length:5000\n\n" + "z".repeat(5000) + "\0");

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.header("message")).isEqualTo("body too large (limit 1024 bytes)");
        assertThat(error.header("receipt-id")).isEqualTo("big");
        assertStateCleanAndOthersServed();
    }

    @Test
    void randomBytesAfterConnectNeverBreakTheBroker() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            InMemoryConnection client = subscribedClient();
            byte[] noise = new byte[1 + random.nextInt(512)];
            random.nextBytes(noise);

            client.sendRaw(noise);
            client.disconnectAbruptly();
        }

        assertStateCleanAndOthersServed();
    }

    private void assertStateCleanAndOthersServed() {
        // Sessions whose connection dropped without an ERROR are kept for resume until the grace ends.
        clock.advance(ResumeConfig.DEFAULTS.grace());
        assertThat(broker.stats().connections()).isZero();
        assertThat(broker.stats().subscriptionCount()).isZero();
        assertThat(broker.stats().queueInFlight()).isZero();
        assertThat(broker.stats().awaitingAck()).isZero();

        InMemoryConnection good = InMemoryConnection.open(broker, clock);
        assertThat(good.connect().command()).isEqualTo(Command.CONNECTED);
        good.send(Command.SUBSCRIBE, "destination", "/topic/ok", "id", "ok");
        broker.publish("/topic/ok", "still serving").join();
        assertThat(good.awaitFrame(WAIT).bodyAsString()).isEqualTo("still serving");
        good.send(Command.DISCONNECT);
    }

    private static String unescape(String text) {
        return text.trim().replace("\\n", "\n").replace("\\u0000", "\0").replace("\\\\", "\\");
    }
}
