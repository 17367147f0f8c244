package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.stompede.frame.EncodedFrame;
import io.stompede.transport.ConnectionInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WebSocket messages a connection's writes become, read back by Netty's own client-side frame
 * decoder, which also refuses a length that is not in its shortest form.
 */
class WebSocketFrameCodecTest {
    private static final byte[] NOT_UTF8 = {'M', '\n', '\n', (byte) 0xff, 0};

    /** The kind of a message and its payload, as a client decodes it. */
    record Received(String kind, String payload) {
    }

    private EmbeddedChannel server;
    private WebSocketFrameCodec codec;
    private NettyConnection connection;
    private final List<ByteBuf> buffers = new ArrayList<>();

    private void open(WebSocketMessageType type, WebSocketFraming framing) {
        codec = new WebSocketFrameCodec(type, framing);
        server = new EmbeddedChannel();
        ChannelHandlerContext[] tail = new ChannelHandlerContext[1];
        server.pipeline().addLast(codec, new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                tail[0] = ctx;
            }
        });
        connection = new NettyConnection(tail[0], new ConnectionInfo("websocket", null, null, false, List.of()),
                1_000, codec);
    }

    @AfterEach
    void release() {
        buffers.forEach(ByteBuf::release);
        if (server != null) {
            server.finishAndReleaseAll();
        }
    }

    @Test
    void eachFrameIsAMessageOfItsOwnAndTheFlushStillOneBuffer() {
        open(WebSocketMessageType.AUTO, WebSocketFraming.ONE_FRAME_PER_MESSAGE);
        connection.write(RawFrames.of("MESSAGE\n\none\0"));
        connection.write(RawFrames.of("MESSAGE\n\ntwo\0"));
        connection.write(RawFrames.of("RECEIPT\nreceipt-id:3\n\n\0"));
        connection.flush();

        assertThat(received()).containsExactly(
                new Received("text", "MESSAGE\n\none\0"),
                new Received("text", "MESSAGE\n\ntwo\0"),
                new Received("text", "RECEIPT\nreceipt-id:3\n\n\0"));
        assertThat(buffers).as("one buffer for the whole flush").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 0xffff, 0x10000, 100_000})
    void everyPayloadLengthTakesItsShortestHeader(int payload) {
        open(WebSocketMessageType.TEXT, WebSocketFraming.ONE_FRAME_PER_MESSAGE);
        String text = "x".repeat(payload);
        connection.write(RawFrames.of(text));
        connection.write(RawFrames.of("after"));
        connection.flush();

        assertThat(received()).containsExactly(new Received("text", text), new Received("text", "after"));
        int header = payload < 126 ? 2 : payload <= 0xffff ? 4 : 10;
        assertThat(buffers.stream().mapToInt(ByteBuf::readableBytes).sum()).isEqualTo(header + payload + 2 + 5);
    }

    @Test
    void aFrameThatIsNotUtf8GoesOutBinaryBetweenTextOnes() {
        open(WebSocketMessageType.TEXT, WebSocketFraming.ONE_FRAME_PER_MESSAGE);
        connection.write(RawFrames.of("MESSAGE\n\né\0"));
        connection.write(RawFrames.of(NOT_UTF8));
        connection.write(RawFrames.of("MESSAGE\n\nok\0"));
        connection.flush();

        assertThat(received()).extracting(Received::kind).containsExactly("text", "binary", "text");
    }

    @Test
    void binaryRepliesAreBinaryAndAutoFollowsTheClientsLastMessage() {
        open(WebSocketMessageType.BINARY, WebSocketFraming.ONE_FRAME_PER_MESSAGE);
        connection.write(RawFrames.of("MESSAGE\n\none\0"));
        connection.flush();
        assertThat(received()).extracting(Received::kind).containsExactly("binary");
        release();
        buffers.clear();

        open(WebSocketMessageType.AUTO, WebSocketFraming.ONE_FRAME_PER_MESSAGE);
        clientSends(new BinaryWebSocketFrame(Unpooled.copiedBuffer("\n", StandardCharsets.US_ASCII)));
        connection.write(RawFrames.of("MESSAGE\n\nafter binary\0"));
        connection.flush();
        clientSends(new TextWebSocketFrame("\n"));
        connection.write(RawFrames.of("MESSAGE\n\nafter text\0"));
        connection.flush();
        assertThat(received()).extracting(Received::kind).containsExactly("binary", "text");
    }

    @Test
    void aHeartbeatIsAnEolOnlyMessage() {
        open(WebSocketMessageType.AUTO, WebSocketFraming.ONE_FRAME_PER_MESSAGE);
        connection.write(EncodedFrame.HEARTBEAT);
        connection.flush();

        assertThat(received()).containsExactly(new Received("text", "\n"));
    }

    @Test
    void batchedFramesShareAMessage() {
        open(WebSocketMessageType.AUTO, WebSocketFraming.BATCHED);
        connection.write(RawFrames.of("MESSAGE\n\none\0"));
        connection.write(RawFrames.of("MESSAGE\n\ntwo\0"));
        connection.flush();
        connection.write(RawFrames.of("MESSAGE\n\nthree\0"));
        connection.flush();

        assertThat(received()).containsExactly(
                new Received("text", "MESSAGE\n\none\0MESSAGE\n\ntwo\0"),
                new Received("text", "MESSAGE\n\nthree\0"));
    }

    @Test
    void aBatchedMessageHoldsOneKindAndAHeartbeatStaysAlone() {
        open(WebSocketMessageType.TEXT, WebSocketFraming.BATCHED);
        connection.write(RawFrames.of("A\n\n\0"));
        connection.write(RawFrames.of("B\n\n\0"));
        connection.write(RawFrames.of(NOT_UTF8));
        connection.write(RawFrames.of("C\n\n\0"));
        connection.write(EncodedFrame.HEARTBEAT);
        connection.write(RawFrames.of("D\n\n\0"));
        connection.flush();

        assertThat(received()).containsExactly(
                new Received("text", "A\n\n\0B\n\n\0"),
                new Received("binary", new String(NOT_UTF8, StandardCharsets.ISO_8859_1)),
                new Received("text", "C\n\n\0"),
                new Received("text", "\n"),
                new Received("text", "D\n\n\0"));
    }

    @Test
    void aBatchedMessageStopsAtTheBatchSizeAndABigFrameHasOneOfItsOwn() {
        open(WebSocketMessageType.AUTO, WebSocketFraming.BATCHED);
        String small = "s".repeat(NettyConnection.BATCH_BYTES / 2);
        String big = "b".repeat(NettyConnection.STAGING_BYTES + 1);
        connection.write(RawFrames.of(small));
        connection.write(RawFrames.of(small));
        connection.write(RawFrames.of(big));
        connection.write(RawFrames.of("last"));
        connection.flush();

        assertThat(received()).containsExactly(
                new Received("text", small), new Received("text", small),
                new Received("text", big), new Received("text", "last"));
    }

    /** Feeds the codec one message from the client, as the WebSocket protocol handler would. */
    private void clientSends(WebSocketFrame frame) {
        server.writeInbound(frame);
        ByteBuf passedOn = server.readInbound();
        passedOn.release();
    }

    /** What the client decodes from everything written so far. */
    private List<Received> received() {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));
        for (ByteBuf out; (out = server.readOutbound()) != null; ) {
            buffers.add(out);
            client.writeInbound(out.retainedDuplicate());
        }
        List<Received> received = new ArrayList<>();
        for (WebSocketFrame message; (message = client.readInbound()) != null; ) {
            assertThat(message.isFinalFragment()).isTrue();
            String kind = message instanceof TextWebSocketFrame ? "text"
                    : message instanceof BinaryWebSocketFrame ? "binary" : message.getClass().getSimpleName();
            received.add(new Received(kind, message.content().toString(StandardCharsets.ISO_8859_1)));
            message.release();
        }
        assertThat(client.finish()).as("nothing left over or undecoded").isFalse();
        return received;
    }
}
