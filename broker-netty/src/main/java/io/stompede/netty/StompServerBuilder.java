package io.stompede.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.stompede.Broker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures and starts a {@link StompServer}. Every setting has a default; only a listener
 * must be added. Not thread-safe: configure from one thread, then call {@link #start()}.
 */
public final class StompServerBuilder {
    // What the server logs as it starts is the server's to say.
    private static final Logger LOG = LoggerFactory.getLogger(StompServer.class);

    /** 32 KiB: a few typical messages may queue per connection before the core is told to hold back. */
    public static final int DEFAULT_WRITE_BUFFER_LOW = 32 * 1024;
    /** 128 KiB: bounds what one slow subscriber pins in memory while the core reacts. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH = 128 * 1024;
    /** 1 MiB of body plus 64 KiB for the command and headers. */
    public static final int DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE = 1024 * 1024 + 64 * 1024;
    /**
     * 0: the cap follows the process's open-file limit, all but a tenth kept for the journal, the
     * jars and the listeners; each idle connection costs about 3 KB of heap.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 0;
    /**
     * 0: no cap per address. A load test, a chat's members on one test host, and every user
     * behind a reverse proxy or a NAT share one address; the total cap still holds.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 0;
    /** The path STOMP-over-WebSocket clients conventionally use. */
    public static final String DEFAULT_WEBSOCKET_PATH = "/stomp";

    private Broker broker;
    private Boolean closeBrokerOnClose;
    private String bindHost = "127.0.0.1";
    private final List<ListenerSpec> listeners = new ArrayList<>();
    private Tls defaultTls;
    private WebSocketMessageType webSocketMessageType = WebSocketMessageType.AUTO;
    private WebSocketFraming webSocketFraming = WebSocketFraming.ONE_FRAME_PER_MESSAGE;
    private int maxWebSocketMessageSize = DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE;
    private Set<String> allowedOrigins = Set.of();
    private Supplier<? extends ChannelHandler> httpHandler;
    private int writeBufferLow = DEFAULT_WRITE_BUFFER_LOW;
    private int writeBufferHigh = DEFAULT_WRITE_BUFFER_HIGH;
    private int ioThreads;
    private boolean nativeTransport = true;
    private Duration closeLinger = Duration.ofSeconds(2);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private TrustedProxies trustedProxies = TrustedProxies.NONE;
    private boolean proxyProtocol;
    private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;

    StompServerBuilder() {
    }

    /**
     * The broker to serve. Without one the server builds {@code Broker.builder().build()} and
     * closes it on {@link StompServer#close()}. A broker given here stays open when the server
     * closes unless {@link #closeBrokerOnClose(boolean) closeBrokerOnClose(true)}, since the
     * application that built it may still use it.
     */
    public StompServerBuilder broker(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
        return this;
    }

    /**
     * Whether {@link StompServer#close()} closes the broker, which is what sends every client
     * ERROR "server shutting down" before its connection closes. When it does not, clients see
     * their connection close without an ERROR. Default: true for the broker the server built
     * itself, false for one given to {@link #broker(Broker)}.
     */
    public StompServerBuilder closeBrokerOnClose(boolean close) {
        this.closeBrokerOnClose = close;
        return this;
    }

    /**
     * The local address every listener binds, as a host name or IP literal. Default
     * {@code 127.0.0.1}, so that nothing is exposed to the network unless asked for;
     * {@code 0.0.0.0} listens on every interface.
     */
    public StompServerBuilder bind(String host) {
        this.bindHost = Objects.requireNonNull(host, "host");
        return this;
    }

    /** Adds a STOMP-over-TCP listener on {@code port} (0: any free port). */
    public StompServerBuilder tcp(int port) {
        listeners.add(new ListenerSpec(ListenerSpec.Kind.TCP, port, null, null));
        return this;
    }

    /** Adds a STOMP-over-TCP listener on {@code port} with its own TLS identity. */
    public StompServerBuilder tcp(int port, Tls tls) {
        listeners.add(new ListenerSpec(ListenerSpec.Kind.TCP, port, null, Objects.requireNonNull(tls, "tls")));
        return this;
    }

    /** Adds a STOMP-over-WebSocket listener on {@code port}, upgrading requests to {@value #DEFAULT_WEBSOCKET_PATH}. */
    public StompServerBuilder webSocket(int port) {
        return webSocket(port, DEFAULT_WEBSOCKET_PATH);
    }

    /**
     * Adds a STOMP-over-WebSocket listener on {@code port} (0: any free port) that upgrades
     * requests to {@code path} (and to paths below it, or with a query string). Any other
     * HTTP request gets 404.
     */
    public StompServerBuilder webSocket(int port, String path) {
        listeners.add(new ListenerSpec(ListenerSpec.Kind.WEBSOCKET, port, path, null));
        return this;
    }

    /** Adds a STOMP-over-WebSocket listener with its own TLS identity (a {@code wss://} endpoint). */
    public StompServerBuilder webSocket(int port, String path, Tls tls) {
        listeners.add(new ListenerSpec(ListenerSpec.Kind.WEBSOCKET, port, path,
                Objects.requireNonNull(tls, "tls")));
        return this;
    }

    /** TLS for every listener that was not given its own, whether added before or after this call. */
    public StompServerBuilder tls(Tls tls) {
        this.defaultTls = Objects.requireNonNull(tls, "tls");
        return this;
    }

    /** Shorthand for {@code tls(Tls.pem(certificateChain, privateKey))}. */
    public StompServerBuilder tls(Path certificateChain, Path privateKey) {
        return tls(Tls.pem(certificateChain, privateKey));
    }

    /** Which WebSocket message kind carries outbound frames. Default {@link WebSocketMessageType#AUTO}. */
    public StompServerBuilder webSocketMessageType(WebSocketMessageType type) {
        this.webSocketMessageType = Objects.requireNonNull(type, "type");
        return this;
    }

    /**
     * How outbound frames are cut into WebSocket messages. Default
     * {@link WebSocketFraming#ONE_FRAME_PER_MESSAGE}: every frame and heart-beat in a message
     * of its own, which every client understands, including those that parse one frame per
     * message. {@link WebSocketFraming#BATCHED} lets the frames of one flush share messages of up
     * to 16 KiB, for clients known to parse the payloads as a stream (stompjs, Spring's
     * {@code WebSocketStompClient}). Either way a burst of frames leaves in one socket write;
     * one frame per message costs 2 to 4 header bytes per typical frame.
     */
    public StompServerBuilder webSocketFraming(WebSocketFraming framing) {
        this.webSocketFraming = Objects.requireNonNull(framing, "framing");
        return this;
    }

    /**
     * The largest WebSocket frame payload accepted, in bytes; a larger one closes the connection
     * (status 1009). Fragments of one message are counted separately: the STOMP decoder's own
     * frame limit bounds what they add up to. Default
     * {@value #DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE}.
     */
    public StompServerBuilder maxWebSocketMessageSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxWebSocketMessageSize must be positive, was " + bytes);
        }
        this.maxWebSocketMessageSize = bytes;
        return this;
    }

    /**
     * Serves the plain HTTP requests that reach a WebSocket listener and are not its STOMP
     * upgrade, so that a web application's pages and its STOMP endpoint share one origin (no
     * cross-origin set-up, one port to open). {@code handlers} makes one handler per connection
     * (or returns one {@code @Sharable} handler each time); it receives each request as a
     * {@link io.netty.handler.codec.http.FullHttpRequest} with a body of at most 8 KiB, and either
     * answers it or passes it on with {@code ctx.fireChannelRead}, to the listener's 404.
     * {@link StaticFiles} serves files from the class path. Default: none, every such request
     * gets 404.
     */
    public StompServerBuilder httpHandler(Supplier<? extends ChannelHandler> handlers) {
        this.httpHandler = Objects.requireNonNull(handlers, "handlers");
        return this;
    }

    /**
     * Browser origins (such as {@code https://chat.example.com}) allowed to open WebSocket
     * sessions; an upgrade from any other origin gets 403. Requests without an {@code Origin}
     * header (clients that are not browsers) are always allowed. Default: empty, allowing all.
     */
    public StompServerBuilder allowedOrigins(Collection<String> origins) {
        this.allowedOrigins = Set.copyOf(origins);
        return this;
    }

    /**
     * The per-connection outbound buffer marks, in bytes: above {@code high} queued bytes the
     * connection reports itself not writable and the core holds back (its slow-consumer policy
     * decides what happens next); below {@code low} it is writable again. Defaults
     * {@value #DEFAULT_WRITE_BUFFER_LOW} and {@value #DEFAULT_WRITE_BUFFER_HIGH}.
     */
    public StompServerBuilder writeBufferWaterMark(int low, int high) {
        if (low <= 0 || high < low) {
            throw new IllegalArgumentException("need 0 < low <= high, got " + low + ", " + high);
        }
        this.writeBufferLow = low;
        this.writeBufferHigh = high;
        return this;
    }

    // ---- connection limits

    /**
     * The most connections open at once, over all listeners; a connection past it is closed at
     * once. Default {@value #DEFAULT_MAX_CONNECTIONS}: as many as the process's open-file limit
     * leaves room for (raise it with {@code ulimit -n}), which the server logs when it starts.
     */
    public StompServerBuilder maxConnections(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (by the file limit) or more, was " + max);
        }
        this.maxConnections = max;
        return this;
    }

    /**
     * The most connections open at once from one remote address; a connection past it is closed
     * at once. Default {@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}, no cap: one address is
     * often many people (a reverse proxy, a NAT, a test host), and the total cap bounds them all.
     */
    public StompServerBuilder maxConnectionsPerAddress(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be 0 (no cap) or more, was " + max);
        }
        this.maxConnectionsPerAddress = max;
        return this;
    }

    // ---- behind proxies and load balancers

    /**
     * The proxies and load balancers whose word on a client's address the server takes, as IP
     * addresses or CIDR ranges, IPv4 or IPv6 ({@code 10.0.0.7}, {@code 10.0.0.0/8},
     * {@code 2001:db8::/32}; no host names, which would make trust hang on DNS). Behind a
     * proxy every connection comes from the proxy's address; a trusted proxy says who the
     * client is, and that address is then what the per-address connection limit, the login
     * throttle, the session listing ({@code Broker.sessions()}), the observer's
     * {@code ConnectionInfo} and the logs see:
     * <ul>
     *   <li>on TCP listeners, in a PROXY protocol header, when {@link #proxyProtocol(boolean)} is on;
     *   <li>on WebSocket listeners, in the upgrade request's {@code X-Forwarded-For} or
     *       {@code Forwarded} header ({@link #forwardedHeader(ForwardedHeader)}), taking the
     *       right-most address that is not itself a trusted proxy. A request without a usable
     *       address ({@code for=unknown}, an obfuscated or malformed value, no header) keeps the
     *       proxy's address.
     * </ul>
     * From any other address these headers are never believed: a PROXY header is refused (the
     * connection is closed, with a warning in the log at most once a minute), and
     * {@code Forwarded} / {@code X-Forwarded-For} are ignored, so the session has the socket's
     * address. Default: empty, trusting no one.
     *
     * @throws IllegalArgumentException when an entry is not an IP address or CIDR range, or is
     *                                  a range with host bits set ({@code 10.0.0.5/8})
     */
    public StompServerBuilder trustedProxies(Collection<String> addressesOrCidrs) {
        this.trustedProxies = TrustedProxies.parse(addressesOrCidrs);
        return this;
    }

    /**
     * Whether TCP listeners speak the PROXY protocol (v1, text, or v2, binary; HAProxy's
     * {@code send-proxy} and {@code send-proxy-v2}, and what most TCP load balancers offer), so
     * that the broker learns the address of a client that reaches it through a TCP proxy. When
     * on:
     * <ul>
     *   <li>a connection from a {@linkplain #trustedProxies trusted proxy} must begin with a
     *       PROXY header, before TLS if the listener has TLS; one that does not, or whose header
     *       is malformed, or incomplete after the broker's CONNECT timeout, is closed. Requiring
     *       it means a proxy that forgot to send it is noticed at once, instead of every client
     *       silently sharing the proxy's address. A {@code LOCAL} header (the proxy's health
     *       check) keeps the proxy's own address.
     *   <li>a connection from any other address that begins with a PROXY header is closed; one
     *       that does not is served as a direct client under its own address, so clients inside
     *       the network may skip the proxy.
     * </ul>
     * WebSocket listeners do not read PROXY headers; behind an HTTP proxy they read
     * {@code X-Forwarded-For} instead. Default: off, and a PROXY header is then just an unknown
     * STOMP command (ERROR, then close).
     */
    public StompServerBuilder proxyProtocol(boolean enabled) {
        this.proxyProtocol = enabled;
        return this;
    }

    /**
     * Which header of a trusted proxy's WebSocket upgrade request names the client. Only the one
     * chosen is read: a proxy that writes one usually passes the other through from the client
     * untouched, and reading it would let the client pick its own address. Default
     * {@link ForwardedHeader#X_FORWARDED_FOR}, which nginx, HAProxy and most cloud load
     * balancers write.
     */
    public StompServerBuilder forwardedHeader(ForwardedHeader header) {
        this.forwardedHeader = Objects.requireNonNull(header, "header");
        return this;
    }

    /**
     * The number of I/O threads that serve connections; 0 (the default) means half the cores,
     * at least one. Every delivery to a session on another I/O thread is a hand-off and often a
     * wake-up, so fewer threads than Netty's default (twice the cores) deliver faster and
     * steadier, and leave cores to the clients, the JVM and the system.
     */
    public StompServerBuilder ioThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0, was " + threads);
        }
        this.ioThreads = threads;
        return this;
    }

    private static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Whether to use Linux epoll when available (the default) rather than Java NIO. */
    public StompServerBuilder nativeTransport(boolean nativeTransport) {
        this.nativeTransport = nativeTransport;
        return this;
    }

    /**
     * How long closing a connection waits for its queued bytes (a final ERROR or RECEIPT) to
     * reach a peer that has stopped reading, before it closes anyway. Default 2 seconds.
     */
    public StompServerBuilder closeLinger(Duration linger) {
        this.closeLinger = requirePositive(linger, "closeLinger");
        return this;
    }

    /** The bound on {@link StompServer#close()}: how long it waits for connections to drain. Default 10 seconds. */
    public StompServerBuilder shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = requirePositive(timeout, "shutdownTimeout");
        return this;
    }

    private static Duration requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    private ProxySettings proxySettings() {
        if (proxyProtocol && trustedProxies.isEmpty()
                && listeners.stream().anyMatch(l -> l.kind() == ListenerSpec.Kind.TCP)) {
            LOG.warn("the PROXY protocol is on but no proxy is trusted: every PROXY header will be refused");
        }
        if (!trustedProxies.isEmpty()) {
            LOG.info("client addresses believed from the proxies {}: {}", trustedProxies,
                    proxyProtocol ? "PROXY headers on TCP, " + forwardedHeader.headerName() + " on WebSocket"
                            : forwardedHeader.headerName() + " on WebSocket");
        }
        return new ProxySettings(trustedProxies, proxyProtocol, forwardedHeader);
    }


    /**
     * Binds every listener and starts serving. On failure nothing is left running: listeners
     * already bound are closed, and so is a broker the server built.
     *
     * @throws IOException when an address cannot be bound or a TLS file cannot be read
     * @throws IllegalStateException when no listener was added
     */
    public StompServer start() throws IOException {
        if (listeners.isEmpty()) {
            throw new IllegalStateException("add a tcp or webSocket listener before start()");
        }
        InetAddress host = InetAddress.getByName(bindHost);
        List<ListenerSpec> specs = listeners.stream()
                .map(l -> l.tls() == null && defaultTls != null ? l.withTls(defaultTls) : l)
                .toList();
        Map<Tls, SslContext> sslContexts = SslContexts.forListeners(specs);

        Broker servedBroker = broker != null ? broker : Broker.builder().build();
        boolean ownsBroker = closeBrokerOnClose != null ? closeBrokerOnClose : broker == null;
        IoTransport io = IoTransport.select(nativeTransport);
        EventLoopGroup acceptGroup = io.newGroup(1, "stompede-accept");
        EventLoopGroup ioGroup = io.newGroup(ioThreads > 0 ? ioThreads : defaultIoThreads(), "stompede-io");
        ChannelGroup connections = new DefaultChannelGroup("stompede-connections", ImmediateEventExecutor.INSTANCE);
        TransportSettings settings = new TransportSettings(maxWebSocketMessageSize, webSocketMessageType,
                webSocketFraming, allowedOrigins, closeLinger, httpHandler);
        int totalCap = maxConnections > 0 ? maxConnections : FileLimit.connectionsAllowed();
        ProxySettings proxies = proxySettings();
        ConnectionLimits limits = new ConnectionLimits(totalCap,
                maxConnectionsPerAddress > 0 ? maxConnectionsPerAddress : Integer.MAX_VALUE);

        List<StompServer.BoundListener> bound = new ArrayList<>();
        try {
            for (ListenerSpec spec : specs) {
                SslContext ssl = spec.tls() == null ? null : sslContexts.get(spec.tls());
                ServerBootstrap bootstrap = new ServerBootstrap()
                        .group(acceptGroup, ioGroup)
                        .channel(io.serverChannelClass())
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(writeBufferLow, writeBufferHigh))
                        .childHandler(new StompChannelInitializer(servedBroker, spec, ssl, connections, settings,
                                limits, proxies));
                InetSocketAddress address = new InetSocketAddress(host, spec.port());
                ChannelFuture bind = bootstrap.bind(address).awaitUninterruptibly();
                if (!bind.isSuccess()) {
                    throw new IOException("cannot listen on " + address + ": " + bind.cause().getMessage(),
                            bind.cause());
                }
                bound.add(new StompServer.BoundListener(spec, bind.channel(), ssl != null));
            }
        } catch (IOException | RuntimeException e) {
            // Undo the partial start: nothing may stay bound or running.
            for (StompServer.BoundListener listener : bound) {
                listener.channel().close().awaitUninterruptibly();
            }
            if (ownsBroker) {
                try {
                    servedBroker.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
        StompServer server = new StompServer(servedBroker, ownsBroker, acceptGroup, ioGroup, connections, bound,
                shutdownTimeout);
        for (URI uri : server.listenerUris()) {
            LOG.info("STOMP listening on {} ({})", uri, io.name());
        }
        LOG.info("At most {} connections at once{}", totalCap, maxConnections > 0 ? "" : ", by the open-file limit");
        return server;
    }
}
