package io.stompede.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
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
 *   TCP:        [PROXY gate → [PROXY decoder → client address]] → [tls] → StompChannelHandler
 *   WebSocket:  [tls] → HTTP codec → upgrade aggregator → [origin check] → WebSocket protocol
 *               → 404 for other requests → WebSocketFrameCodec → StompChannelHandler
 *               (from a trusted proxy, the client address is read after the aggregator)
 * </pre>
 * The PROXY handlers are there when the server speaks the PROXY protocol; the decoder and the
 * client address only for a trusted proxy (see {@link ProxyProtocolGate}).
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
    /** PROXY v2 extensions (TLVs) accepted: HAProxy's, even with TLS details, take a few hundred bytes. */
    private static final int MAX_PROXY_TLV_BYTES = 4 * 1024;

    private final Broker broker;
    private final ListenerSpec spec;
    private final SslContext sslContext;
    private final ChannelGroup connections;
    private final TransportSettings settings;
    private final ConnectionLimits limits;
    private final ProxySettings proxies;

    StompChannelInitializer(Broker broker, ListenerSpec spec, SslContext sslContext, ChannelGroup connections,
                            TransportSettings settings, ConnectionLimits limits, ProxySettings proxies) {
        this.limits = limits;
        this.proxies = proxies;
        this.broker = broker;
        this.spec = spec;
        this.sslContext = sslContext;
        this.connections = connections;
        this.settings = settings;
    }

    @Override
    protected void initChannel(Channel ch) {
        SocketAddress remote = ch.remoteAddress();
        // A trusted proxy names the client later (PROXY header, HTTP request): only the total is
        // counted now, the client's address once it is known.
        boolean clientNamedLater = proxies.clientNamedLater(spec.kind(), remote);
        if (clientNamedLater ? !limits.tryAcquireTotal() : !limits.tryAcquire(remote)) {
            // Too many connections, in all or from this address: no STOMP stream exists yet to
            // carry an ERROR (TLS or the WebSocket upgrade come first), so the answer is a close.
            log.debug("refusing {}: connection limit reached", remote);
            ch.close();
            return;
        }
        if (clientNamedLater) {
            ch.closeFuture().addListener(closed -> limits.releaseTotal());
        } else {
            ch.closeFuture().addListener(closed -> limits.release(remote));
        }
        connections.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        boolean proxyProtocol = spec.kind() == ListenerSpec.Kind.TCP && proxies.proxyProtocol();
        if (proxyProtocol) {
            addProxyProtocolHandlers(pipeline, clientNamedLater);
        }
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        ReadyOn readyOn;
        String transport;
        if (spec.kind() == ListenerSpec.Kind.WEBSOCKET) {
            addWebSocketHandlers(pipeline);
            if (clientNamedLater) {
                pipeline.addAfter("upgrade-aggregator", "forwarded",
                        new ForwardedHeaderHandler(proxies.forwardedHeader(), proxies.trusted(), limits));
            }
            readyOn = ReadyOn.WEBSOCKET_HANDSHAKE;
            transport = "websocket";
        } else {
            // TLS starts after the PROXY header, so its handshake comes last where there is one.
            readyOn = sslContext != null ? ReadyOn.TLS_HANDSHAKE
                    : proxyProtocol && clientNamedLater ? ReadyOn.PROXY_HEADER : ReadyOn.ACTIVE;
            transport = "tcp";
        }
        pipeline.addLast("stomp", new StompChannelHandler(broker, transport, readyOn,
                settings.closeLinger().toMillis()));
    }

    /** The PROXY header comes before anything else, TLS included. */
    private void addProxyProtocolHandlers(ChannelPipeline pipeline, boolean fromTrustedProxy) {
        pipeline.addLast("proxy-gate", new ProxyProtocolGate(fromTrustedProxy));
        if (fromTrustedProxy) {
            pipeline.addLast("proxy-header", new HAProxyMessageDecoder(MAX_PROXY_TLV_BYTES));
            // The header is due as soon as the proxy connects; the CONNECT timeout bounds the wait.
            pipeline.addLast("proxy-client", new ProxyHeaderHandler(limits, broker.config().connectTimeout().toMillis()));
        }
    }

    private void addWebSocketHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(UpgradeDeadline.NAME, new UpgradeDeadline(broker.config().connectTimeout().toMillis()));
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
                        // Not Netty's check that every inbound text message is UTF-8: it cost a
                        // client sending text a third of the broker's time, and STOMP does not
                        // need it. The decoder checks what the broker reads as text, the command
                        // and headers (ERROR otherwise); a body is octets, checked once per message
                        // only where it leaves in a text message, so bad bytes never reach
                        // another client as text.
                        .withUTF8Validator(false)
                        .build())
                .build();
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(config));
        if (settings.httpHandler() != null) {
            pipeline.addLast("http-service", settings.httpHandler().get());
        }
        pipeline.addLast("not-found", HttpFallbackHandler.INSTANCE);
        pipeline.addLast("websocket-frames", new WebSocketFrameCodec(settings.webSocketMessageType(),
                settings.webSocketFraming()));
    }
}
