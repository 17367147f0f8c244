package io.stompede.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.stompede.frame.EncodedFrame;
import java.util.List;

/**
 * STOMP over WebSocket, both ways. Inbound, data messages become the byte stream the session
 * decodes: message boundaries mean nothing to STOMP here (a frame may span messages, a message
 * may hold several frames), so the payloads are passed on in order, fragments included. Control
 * frames never get this far: the protocol handler in front answers pings and closes.
 *
 * <p>Outbound, this is the connection's {@link OutboundFraming}: it writes each WebSocket
 * message's header (RFC 6455 section 5.2, unmasked as a server's must be) into the connection's
 * batch buffer right before the frame, so that a burst of deliveries is still one buffer and one
 * write however many messages it makes, with no object per message. Those bytes pass Netty's
 * frame encoder untouched, as it only encodes {@code WebSocketFrame}s; no extension (such as
 * permessage-deflate) is ever negotiated, which would have to transform them.
 * {@link WebSocketFraming} says whether each frame gets a message of its own (the default) or
 * the frames of a flush share messages.
 *
 * <p>A frame that is not UTF-8 (a binary body) always goes out as a binary message, whatever the
 * reply type says: RFC 6455 makes a client fail the connection on a text message that is not
 * UTF-8, and browsers and Node's ws do exactly that. Whether a frame is UTF-8 is the frame's own
 * cached answer ({@link EncodedFrame#isUtf8()}): one check per broker message, not per delivery.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class WebSocketFrameCodec extends MessageToMessageDecoder<WebSocketFrame> implements OutboundFraming {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    /** What a batched message reserves in front of its payload: the longest header. */
    private static final int MAX_HEADER = 10;

    private final WebSocketMessageType replyType;
    private final boolean batched;
    /** Whether the client's last message was binary; continuation fragments keep their message's kind. */
    private boolean clientUsesBinary;
    /** Batched only: the opcode of the message being filled, or 0 for one holding a heart-beat. */
    private int batchOpcode;

    WebSocketFrameCodec(WebSocketMessageType replyType, WebSocketFraming framing) {
        super(WebSocketFrame.class);
        this.replyType = replyType;
        this.batched = framing == WebSocketFraming.BATCHED;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame) {
            clientUsesBinary = true;
        } else if (frame instanceof TextWebSocketFrame) {
            clientUsesBinary = false;
        } else if (!(frame instanceof ContinuationWebSocketFrame)) {
            return;
        }
        out.add(frame.content().retain());
    }

    // ---- outbound

    @Override
    public boolean fits(ByteBuf batch, EncodedFrame frame, int length) {
        if (!batched) {
            return batch.writableBytes() >= headerLength(length) + length;
        }
        // A batched message holds frames of one kind, and a heart-beat stays alone.
        return batch.writableBytes() >= length && batchOpcode != 0 && !frame.isHeartbeat()
                && opcode(frame) == batchOpcode;
    }

    @Override
    public ByteBuf newBatch(ByteBufAllocator alloc, EncodedFrame frame, int length) {
        if (!batched) {
            return alloc.buffer(Math.max(headerLength(length) + length, NettyConnection.BATCH_BYTES));
        }
        // The header's length is known only once the message is complete: reserve the longest.
        ByteBuf batch = alloc.buffer(Math.max(MAX_HEADER + length, NettyConnection.BATCH_BYTES));
        batch.setIndex(MAX_HEADER, MAX_HEADER);
        batchOpcode = frame.isHeartbeat() ? 0 : opcode(frame);
        return batch;
    }

    @Override
    public int writeHeader(ByteBuf batch, EncodedFrame frame, int length) {
        int index = batch.writerIndex();
        return batched ? index : putHeader(batch, index, opcode(frame), length);
    }

    @Override
    public ByteBuf complete(ByteBuf batch) {
        int payload = batch.readableBytes();
        if (batched && payload > 0) {
            int start = batch.readerIndex() - headerLength(payload);
            // A batch that began with a heart-beat holds only it: an EOL, valid text.
            putHeader(batch, start, batchOpcode == 0 ? replyOpcode() : batchOpcode, payload);
            batch.readerIndex(start);
        }
        return batch;
    }

    private int opcode(EncodedFrame frame) {
        int wanted = replyOpcode();
        return wanted == TEXT && !frame.isUtf8() ? BINARY : wanted;
    }

    private int replyOpcode() {
        boolean binary = switch (replyType) {
            case AUTO -> clientUsesBinary;
            case TEXT -> false;
            case BINARY -> true;
        };
        return binary ? BINARY : TEXT;
    }

    private static int headerLength(int payload) {
        return payload < 126 ? 2 : payload <= 0xffff ? 4 : 10;
    }

    /** Writes a final, unmasked header at {@code index}; returns the index after it. */
    private static int putHeader(ByteBuf buffer, int index, int opcode, int payload) {
        buffer.setByte(index, 0x80 | opcode);
        if (payload < 126) {
            buffer.setByte(index + 1, payload);
            return index + 2;
        }
        if (payload <= 0xffff) {
            buffer.setByte(index + 1, 126);
            buffer.setShort(index + 2, payload);
            return index + 4;
        }
        buffer.setByte(index + 1, 127);
        buffer.setLong(index + 2, payload);
        return index + 10;
    }
}
