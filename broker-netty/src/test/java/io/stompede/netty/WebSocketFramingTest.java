package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.netty.WsTestClient.Kind;
import io.stompede.netty.WsTestClient.WsMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the broker cuts what it sends into WebSocket messages, seen by real clients: one that reads
 * exactly one STOMP frame per message, and one that parses the messages as a stream.
 */
class WebSocketFramingTest extends WireTest {
    /** Enough frames for several 16 KiB batches, sent in one message so that their deliveries share a flush. */
    private static final int BURST = 300;
    private static final byte[] NOT_UTF8 = {'b', 'i', 'n', (byte) 0xff, (byte) 0xfe, 0, 1};

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/stomp");
    }

    @Test
    @DisplayName("with the defaults, a client that reads one frame per WebSocket message gets a burst whole "
            + "(issue 10: the broker packed every frame of a flush into one message)")
    void aOneFramePerMessageClientGetsABurstWithTheDefaults() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            connectStrictly(client);
            client.send("SUBSCRIBE", "id", "a", "destination", "/topic/burst", "receipt", "r1");
            assertThat(onlyFrame(client.nextMessage()).command()).isEqualTo("RECEIPT");

            client.sendRaw(burstOfSends("/topic/burst", "message ", BURST));

            for (int i = 0; i < BURST; i++) {
                StompFrame frame = onlyFrame(client.nextMessage());
                assertThat(frame.command()).isEqualTo("MESSAGE");
                assertThat(frame.bodyText()).isEqualTo("message " + i);
            }
        }
    }

    @Test
    void aFrameLargerThanTheBatchesIsOneMessageToo() throws Exception {
        start(StompServer.builder().webSocket(0));
        String body = "b".repeat(100_000);
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            connectStrictly(client);
            client.send("SUBSCRIBE", "id", "a", "destination", "/topic/big", "receipt", "r1");
            assertThat(onlyFrame(client.nextMessage()).command()).isEqualTo("RECEIPT");

            client.sendWithBody("SEND", body, "destination", "/topic/big");
            client.sendWithBody("SEND", "small", "destination", "/topic/big");

            assertThat(onlyFrame(client.nextMessage()).bodyText()).isEqualTo(body);
            assertThat(onlyFrame(client.nextMessage()).bodyText()).isEqualTo("small");
        }
    }

    @Test
    void withBatchingOnAStreamParsingClientGetsEveryFrameInFewerMessages() throws Exception {
        start(StompServer.builder().webSocket(0).webSocketFraming(WebSocketFraming.BATCHED));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            client.connect();
            client.subscribe("a", "/topic/burst");

            client.sendRaw(burstOfSends("/topic/burst", "message ", BURST));

            for (int i = 0; i < BURST; i++) {
                StompFrame frame = client.receive();
                assertThat(frame.command()).isEqualTo("MESSAGE");
                assertThat(frame.bodyText()).isEqualTo("message " + i);
            }
            assertThat(client.receivedKinds()).as("messages (or parts) received, CONNECTED and RECEIPT included")
                    .hasSizeLessThan(BURST);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"AUTO, ONE_FRAME_PER_MESSAGE", "TEXT, ONE_FRAME_PER_MESSAGE", "AUTO, BATCHED", "TEXT, BATCHED"})
    void textModeSendsUtf8BodiesAsTextAndOthersAsBinary(WebSocketMessageType type, WebSocketFraming framing)
            throws Exception {
        start(StompServer.builder().webSocket(0).webSocketMessageType(type).webSocketFraming(framing));
        try (WsTestClient subscriber = WsTestClient.open(uri(), "v12.stomp");
             WsTestClient publisher = WsTestClient.open(uri(), "v12.stomp")) {
            connectStrictly(subscriber);
            subscriber.send("SUBSCRIBE", "id", "a", "destination", "/topic/mixed", "receipt", "r1");
            assertThat(onlyFrame(subscriber.nextMessage()).command()).isEqualTo("RECEIPT");
            publisher.sending(Kind.BINARY).connect();

            // One binary message with all three, so that their deliveries share a flush.
            publisher.sendRaw(WsTestClient.concat(
                    send("/topic/mixed", "héllo ✓".getBytes(StandardCharsets.UTF_8)),
                    send("/topic/mixed", NOT_UTF8),
                    send("/topic/mixed", "again".getBytes(StandardCharsets.UTF_8))));

            List<Kind> kinds = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            while (bodies.size() < 3) {
                WsMessage message = subscriber.nextMessage();
                for (StompFrame frame : frames(message)) {
                    kinds.add(message.kind());
                    bodies.add(new String(frame.body(), StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(bodies).containsExactly(new String("héllo ✓".getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1), new String(NOT_UTF8, StandardCharsets.ISO_8859_1), "again");
            assertThat(kinds).containsExactly(Kind.TEXT, Kind.BINARY, Kind.TEXT);
        }
    }

    @ParameterizedTest
    @EnumSource(WebSocketFraming.class)
    void heartbeatsTravelAsEolOnlyMessages(WebSocketFraming framing) throws Exception {
        start(StompServer.builder().webSocket(0).webSocketFraming(framing));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            client.send("CONNECT", "accept-version", "1.2", "host", "localhost", "heart-beat", "0,1000");
            StompFrame connected = onlyFrame(client.nextMessage());
            assertThat(connected.command()).isEqualTo("CONNECTED");

            for (int i = 0; i < 2; i++) {
                assertThat(client.nextMessage().text()).as("heart-beat %d", i).isEqualTo("\n");
            }
        }
    }

    private static void connectStrictly(WsTestClient client) throws IOException {
        client.send("CONNECT", "accept-version", "1.2", "host", "localhost");
        assertThat(onlyFrame(client.nextMessage()).command()).isEqualTo("CONNECTED");
    }

    /**
     * The one frame a message holds, as a client that reads one frame per message would take it:
     * fails if the message holds anything else, a second frame, a heart-beat or a partial frame.
     */
    private static StompFrame onlyFrame(WsMessage message) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(message.payload());
        FrameReader reader = new FrameReader(in);
        StompFrame frame;
        try {
            frame = reader.read();
        } catch (IOException e) {
            throw new AssertionError("not one whole frame in a message: " + message.text(), e);
        }
        assertThat(reader.heartbeats()).as("EOLs before the frame in %s", message.text()).isZero();
        assertThat(in.available()).as("bytes after the frame in %s", message.text()).isZero();
        return frame;
    }

    /** Every frame in a message, for a client that parses a stream: only whole frames, nothing left over. */
    private static List<StompFrame> frames(WsMessage message) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(message.payload());
        FrameReader reader = new FrameReader(in);
        List<StompFrame> frames = new ArrayList<>();
        while (in.available() > 0) {
            frames.add(reader.read());
        }
        return frames;
    }

    private static byte[] burstOfSends(String destination, String prefix, int count) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(send(destination, (prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
        return all.toByteArray();
    }

    private static byte[] send(String destination, byte[] body) {
        byte[] head = ("SEND\ndestination:" + destination + "\ncontent-length:" + body.length + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        return WsTestClient.concat(head, body, new byte[] {0});
    }
}
