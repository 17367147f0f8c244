package io.stompede.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.stompede.Broker;
import io.stompede.netty.StompChannelHandler.ReadyOn;
import java.net.SocketAddress;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of every connection a listener accepts:
 * <pre>
 *   any:        refused (closed) past the connection limits, else
 *   TCP:        [tls] → StompChannelHandler
 *   WebSocket:  [tls] → HTTP codec → upgrade aggregator → [origin check] → WebSocket protocol
 *               → 404 for other requests → WebSocketFrameCodec → StompChannelHandler
 * </pre>
 * Threading: immutable and shared by the listener's channels; {@link #initChannel} runs on each
 * new channel's event loop.
 */
final class StompChannelInitializer extends ChannelInitializer<Channel> {
    private static final Logger log = LoggerFactory.getLogger(StompChannelInitializer.class);
    /** The STOMP versions in the order we prefer them; Netty picks the client's first match. */
    static final String SUBPROTOCOLS = "v12.stomp,v11.stomp,v10.stomp";
    /** An upgrade request has no body; this only bounds what a misbehaving client can send. */
    private static final int MAX_UPGRADE_REQUEST_BODY = 8 * 1024;
    /** How long a client has for the upgrade; the broker's CONNECT timeout starts after it. */
    private static final long WEBSOCKET_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** How long the server waits for the peer's answer to its close frame. */
    private static final long WEBSOCKET_CLOSE_TIMEOUT_MILLIS = 1_000;

    private final Broker broker;
    private final ListenerSpec spec;
    private final SslContext sslContext;
    private final ChannelGroup connections;
    private final TransportSettings settings;
    private final ConnectionLimits limits;

    StompChannelInitializer(Broker broker, ListenerSpec spec, SslContext sslContext, ChannelGroup connections,
                            TransportSettings settings, ConnectionLimits limits) {
        this.limits = limits;
        this.broker = broker;
        this.spec = spec;
        this.sslContext = sslContext;
        this.connections = connections;
        this.settings = settings;
    }

    @Override
    protected void initChannel(Channel ch) {
        SocketAddress remote = ch.remoteAddress();
        if (!limits.tryAcquire(remote)) {
            // Too many connections, in all or from this address: no STOMP stream exists yet to
            // carry an ERROR (TLS or the WebSocket upgrade come first), so the answer is a close.
            log.debug("refusing {}: connection limit reached", remote);
            ch.close();
            return;
        }
        ch.closeFuture().addListener(closed -> limits.release(remote));
        connections.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        ReadyOn readyOn;
        String transport;
        if (spec.kind() == ListenerSpec.Kind.WEBSOCKET) {
            addWebSocketHandlers(pipeline);
            readyOn = ReadyOn.WEBSOCKET_HANDSHAKE;
            transport = "websocket";
        } else {
            readyOn = sslContext != null ? ReadyOn.TLS_HANDSHAKE : ReadyOn.ACTIVE;
            transport = "tcp";
        }
        pipeline.addLast("stomp", new StompChannelHandler(broker, transport, readyOn,
                settings.closeLinger().toMillis()));
    }

    private void addWebSocketHandlers(ChannelPipeline pipeline) {
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("upgrade-aggregator", new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BODY));
        Set<String> origins = settings.allowedOrigins();
        if (!origins.isEmpty()) {
            pipeline.addLast("origin", new OriginCheckHandler(origins));
        }
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(spec.path())
                .checkStartsWith(true)
                .subprotocols(SUBPROTOCOLS)
                .handshakeTimeoutMillis(WEBSOCKET_HANDSHAKE_TIMEOUT_MILLIS)
                .forceCloseTimeoutMillis(WEBSOCKET_CLOSE_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(settings.maxWebSocketMessageSize())
                        .build())
                .build();
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(config));
        pipeline.addLast("not-found", HttpFallbackHandler.INSTANCE);
        pipeline.addLast("websocket-frames", new WebSocketFrameCodec(settings.webSocketMessageType()));
    }
}
