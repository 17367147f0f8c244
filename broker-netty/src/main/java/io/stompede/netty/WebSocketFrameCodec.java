package io.stompede.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns WebSocket data messages into the byte stream the STOMP session decodes, and each outbound
 * buffer (one encoded frame) into one WebSocket message. Message boundaries mean nothing to STOMP
 * here: a frame may span messages and a message may hold several frames, so the payloads are
 * simply passed on in order, fragments included. Control frames never get this far: the protocol
 * handler in front answers pings and closes.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    private final WebSocketMessageType replyType;
    /** Whether the client's last message was binary; continuation fragments keep their message's kind. */
    private boolean clientUsesBinary;

    WebSocketFrameCodec(WebSocketMessageType replyType) {
        this.replyType = replyType;
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

    /**
     * Empty buffers pass through untouched: the connection writes one to learn when everything
     * before it has been sent, and it must not become an empty WebSocket message.
     */
    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
        return super.acceptOutboundMessage(msg) && ((ByteBuf) msg).isReadable();
    }

    /**
     * A frame whose bytes are not UTF-8 (a binary body) always goes out as a binary message,
     * whatever the reply type says: RFC 6455 makes a client fail the connection on a text message
     * that is not UTF-8, and browsers and Node's ws do exactly that.
     */
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        boolean binary = switch (replyType) {
            case AUTO -> clientUsesBinary;
            case TEXT -> false;
            case BINARY -> true;
        };
        if (!binary && !ByteBufUtil.isText(bytes, StandardCharsets.UTF_8)) {
            binary = true;
        }
        ByteBuf payload = bytes.retain();
        out.add(binary ? new BinaryWebSocketFrame(payload) : new TextWebSocketFrame(payload));
    }
}
