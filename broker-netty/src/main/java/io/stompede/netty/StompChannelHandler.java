package io.stompede.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.stompede.Broker;
import io.stompede.transport.ConnectionInfo;
import io.stompede.transport.ProtocolHandler;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail of every pipeline, whatever the transport: it opens a session once the connection is
 * ready for STOMP, feeds it every inbound {@link ByteBuf}, and forwards writability changes and
 * the close. WebSocket messages reach it as bytes too, so both transports share this one path
 * into the core.
 *
 * <p>"Ready" depends on the listener: at once for plain TCP, after the TLS handshake (so the
 * session sees the peer's certificates), after the WebSocket upgrade (before which there is
 * no STOMP stream to write to), or after a trusted proxy's PROXY header (which names the client).
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class StompChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(StompChannelHandler.class);

    /** When the connection starts to carry STOMP. */
    enum ReadyOn { ACTIVE, TLS_HANDSHAKE, WEBSOCKET_HANDSHAKE, PROXY_HEADER }

    /**
     * Set on a channel once it carries a STOMP session. A shutdown closes the channels without
     * one at once (a browser's idle keep-alive connection that only fetched a page would
     * otherwise hold the server open until the shutdown timeout), and lets sessions drain.
     */
    static final AttributeKey<Boolean> HAS_SESSION = AttributeKey.valueOf(StompChannelHandler.class, "hasSession");

    private final Broker broker;
    private final String transport;
    private final ReadyOn readyOn;
    private final long closeLingerMillis;
    private ProtocolHandler session;
    private NettyConnection connection;

    StompChannelHandler(Broker broker, String transport, ReadyOn readyOn, long closeLingerMillis) {
        this.broker = broker;
        this.transport = transport;
        this.readyOn = readyOn;
        this.closeLingerMillis = closeLingerMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (readyOn == ReadyOn.ACTIVE) {
            openSession(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeComplete handshake && readyOn == ReadyOn.WEBSOCKET_HANDSHAKE) {
            if (ctx.pipeline().get(UpgradeDeadline.NAME) != null) {
                ctx.pipeline().remove(UpgradeDeadline.NAME);
            }
            // A token in the upgrade request is how a client that cannot set CONNECT headers may authenticate.
            openSession(ctx, handshake.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
        } else if (event == ClientAddress.Resolved.EVENT && readyOn == ReadyOn.PROXY_HEADER) {
            openSession(ctx);
        } else if (event instanceof SslHandshakeCompletionEvent tlsDone && readyOn == ReadyOn.TLS_HANDSHAKE) {
            // A failed handshake closes the channel by itself: there is nothing to open.
            if (tlsDone.isSuccess()) {
                openSession(ctx);
            }
        }
        ReferenceCountUtil.release(event);
    }

    private void openSession(ChannelHandlerContext ctx) {
        openSession(ctx, null);
    }

    private void openSession(ChannelHandlerContext ctx, String authorization) {
        if (session != null || !ctx.channel().isActive()) {
            return;
        }
        try {
            // A WebSocket pipeline's codec frames what the connection writes; TCP takes it as it is.
            OutboundFraming webSocket = ctx.pipeline().get(WebSocketFrameCodec.class);
            connection = new NettyConnection(ctx, connectionInfo(ctx).withAuthorization(authorization), closeLingerMillis,
                    webSocket != null ? webSocket : OutboundFraming.STREAM);
            session = broker.openSession(connection);
            ctx.channel().attr(HAS_SESSION).set(Boolean.TRUE);
        } catch (RuntimeException e) {
            // A closed broker refuses new sessions: the connection has nothing to talk to.
            log.debug("no session for {}", ctx.channel(), e);
            ctx.close();
        }
    }

    private ConnectionInfo connectionInfo(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        List<Certificate> peerCertificates = List.of();
        if (tls != null) {
            try {
                peerCertificates = List.of(tls.engine().getSession().getPeerCertificates());
            } catch (SSLPeerUnverifiedException e) {
                // The usual case: the client did not present a certificate.
            }
        }
        // Behind a trusted proxy, the client it named; else the socket's peer.
        return new ConnectionInfo(transport, ClientAddress.of(ctx.channel()), ctx.channel().localAddress(),
                tls != null, peerCertificates);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (session != null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                receive(bytes);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Hands the bytes to the session, which consumes them before returning, so the ByteBuf can go right after. */
    private void receive(ByteBuf bytes) {
        session.receive(bytes.nioBuffer());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null) {
            session.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.connectionClosed();
        }
        if (connection != null) {
            connection.released();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets, TLS and WebSocket violations are everyday events on a public port; the core has
        // already answered whatever it could answer with an ERROR frame.
        log.debug("closing {} after {}", ctx.channel(), cause.toString(), cause);
        ctx.close();
    }
}
