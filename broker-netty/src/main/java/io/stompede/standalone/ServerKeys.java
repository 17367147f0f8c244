package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.bool;
import static io.stompede.standalone.ValueTypes.choice;
import static io.stompede.standalone.ValueTypes.duration;
import static io.stompede.standalone.ValueTypes.listOf;
import static io.stompede.standalone.ValueTypes.size;
import static io.stompede.standalone.ValueTypes.text;
import static io.stompede.standalone.ValueTypes.wholeNumber;

import io.stompede.netty.ForwardedHeader;
import io.stompede.netty.StompServerBuilder;
import io.stompede.netty.Tls;
import io.stompede.netty.WebSocketFraming;
import io.stompede.netty.WebSocketMessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of the transport, {@link StompServerBuilder}: the listeners, their TLS, the
 * proxies believed about client addresses, the connection limits and the event loops. One row per key: name, kind of value, default, what it
 * means, and the builder call; the calls that take several keys are in {@link #COMBINED}.
 * Defaults are the builder's own constants where it has them. Immutable.
 */
final class ServerKeys {
    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final Duration MILLI = Duration.ofMillis(1);

    static final Key<String> BIND = Key.of("server.bind", text("a host name or IP address", s -> !s.isBlank()),
            "127.0.0.1", "Address every listener binds; 0.0.0.0 for every interface.",
            (b, v) -> b.server().bind(v));
    static final Key<Integer> IO_THREADS = Key.of("server.io-threads", wholeNumber(0, 4096), 0,
            "Threads that serve connections; 0 for half the cores, at least one.", (b, v) -> b.server().ioThreads(v));
    static final Key<Boolean> NATIVE_TRANSPORT = Key.of("server.native-transport", bool(), true,
            "Use Linux epoll where it is available, else Java NIO.", (b, v) -> b.server().nativeTransport(v));
    static final Key<Long> WRITE_BUFFER_LOW = Key.combined("server.write-buffer-low", size(1, INT_MAX),
            (long) StompServerBuilder.DEFAULT_WRITE_BUFFER_LOW,
            "Queued outbound bytes of a connection below which it takes messages again.");
    static final Key<Long> WRITE_BUFFER_HIGH = Key.combined("server.write-buffer-high", size(1, INT_MAX),
            (long) StompServerBuilder.DEFAULT_WRITE_BUFFER_HIGH,
            "Queued outbound bytes of a connection above which the broker holds back (see slow-consumer-policy).");
    static final Key<Duration> CLOSE_LINGER = Key.of("server.close-linger", duration(MILLI), Duration.ofSeconds(2),
            "How long closing a connection waits for its last bytes to reach a peer that stopped reading.",
            (b, v) -> b.server().closeLinger(v));
    static final Key<Duration> SHUTDOWN_TIMEOUT = Key.of("server.shutdown-timeout", duration(MILLI),
            Duration.ofSeconds(10), "How long stopping the broker waits for connections to drain.",
            (b, v) -> b.server().shutdownTimeout(v));

    static final Key<Integer> TCP_PORT = Key.combined("tcp.port", wholeNumber(-1, 65_535), 61613,
            "Port for STOMP over TCP; 0 picks a free port, -1 turns the listener off.");
    static final TlsKeys TCP_TLS = TlsKeys.under("tcp.tls", "the TCP listener's own TLS identity (in place of tls)");

    static final Key<Integer> WS_PORT = Key.combined("websocket.port", wholeNumber(-1, 65_535), 15674,
            "Port for STOMP over WebSocket; 0 picks a free port, -1 turns the listener off.");
    static final Key<String> WS_PATH = Key.combined("websocket.path", text("a path starting with /", s -> s.startsWith("/")),
            StompServerBuilder.DEFAULT_WEBSOCKET_PATH, "HTTP path of the WebSocket endpoint (and the paths below it).");
    static final Key<WebSocketMessageType> WS_MESSAGE_TYPE = Key.of("websocket.message-type",
            choice(WebSocketMessageType.class), WebSocketMessageType.AUTO,
            "Kind of WebSocket message the broker sends: auto (the kind the client sends), text or binary.",
            (b, v) -> b.server().webSocketMessageType(v));
    static final Key<Long> WS_MAX_MESSAGE_SIZE = Key.of("websocket.max-message-size", size(1, INT_MAX),
            (long) StompServerBuilder.DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE,
            "Largest WebSocket frame accepted; a larger one closes the connection.",
            (b, v) -> b.server().maxWebSocketMessageSize(Math.toIntExact(v)));
    static final Key<List<String>> WS_ALLOWED_ORIGINS = Key.of("websocket.allowed-origins",
            listOf(text("an origin such as https://chat.example.com", s -> !s.isBlank())), List.of(),
            "Browser origins allowed to open WebSocket sessions; others get 403. Empty allows every origin.",
            (b, v) -> {
                if (!v.isEmpty()) {
                    b.server().allowedOrigins(v);
                }
            });
    static final Key<WebSocketFraming> WS_FRAMING = Key.of("websocket.framing", choice(WebSocketFraming.class),
            WebSocketFraming.ONE_FRAME_PER_MESSAGE,
            "How frames are cut into WebSocket messages: one-frame-per-message, which every client reads, "
                    + "or batched, several to a message, for clients that parse a stream (stompjs, Spring).",
            (b, v) -> b.server().webSocketFraming(v));
    static final TlsKeys WS_TLS = TlsKeys.under("websocket.tls",
            "the WebSocket listener's own TLS identity (in place of tls)");

    static final TlsKeys SHARED_TLS = TlsKeys.under("tls", "the TLS identity of every listener without its own");

    static final Key<List<String>> TRUSTED_PROXIES = Key.of("proxies.trusted",
            listOf(text("an IP address or CIDR range", s -> !s.isBlank())), List.of(),
            "Proxies (IP addresses or CIDR ranges, never host names) whose word on a client's address is "
                    + "believed; empty believes no one.", (b, v) -> b.server().trustedProxies(v));
    static final Key<Boolean> PROXY_PROTOCOL = Key.of("proxies.proxy-protocol", bool(), false,
            "TCP: read a PROXY protocol header (v1 or v2), which a trusted proxy must send and anyone else must not.",
            (b, v) -> b.server().proxyProtocol(v));
    static final Key<ForwardedHeader> FORWARDED_HEADER = Key.of("proxies.forwarded-header",
            choice(ForwardedHeader.class), ForwardedHeader.X_FORWARDED_FOR,
            "WebSocket: the header of a trusted proxy's upgrade request that names the client, "
                    + "x-forwarded-for or forwarded; only that one is read.", (b, v) -> b.server().forwardedHeader(v));

    static final Key<Integer> MAX_CONNECTIONS = Key.of("limits.max-connections", wholeNumber(0, INT_MAX),
            StompServerBuilder.DEFAULT_MAX_CONNECTIONS, "Connections open at once over all listeners; 0: as many as the open-file limit leaves room for.",
            (b, v) -> b.server().maxConnections(v));
    static final Key<Integer> MAX_CONNECTIONS_PER_ADDRESS = Key.of("limits.max-connections-per-address",
            wholeNumber(0, INT_MAX), StompServerBuilder.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            "Connections open at once from one client address; 0: no cap (a proxy or NAT is many people).", (b, v) -> b.server().maxConnectionsPerAddress(v));

    static final List<Key<?>> KEYS = keys();

    static final List<Combined> COMBINED = List.of(
            Combined.of((b, s) -> b.server().writeBufferWaterMark(Math.toIntExact(s.get(WRITE_BUFFER_LOW)),
                    Math.toIntExact(s.get(WRITE_BUFFER_HIGH))), WRITE_BUFFER_LOW, WRITE_BUFFER_HIGH),
            Combined.of((b, s) -> {
                Tls tls = TCP_TLS.tls(s);
                if (s.get(TCP_PORT) >= 0 && tls == null) {
                    b.server().tcp(s.get(TCP_PORT));
                } else if (s.get(TCP_PORT) >= 0) {
                    b.server().tcp(s.get(TCP_PORT), tls);
                }
            }, with(TCP_TLS.keys(), TCP_PORT)),
            Combined.of((b, s) -> {
                Tls tls = WS_TLS.tls(s);
                if (s.get(WS_PORT) >= 0 && tls == null) {
                    b.server().webSocket(s.get(WS_PORT), s.get(WS_PATH));
                } else if (s.get(WS_PORT) >= 0) {
                    b.server().webSocket(s.get(WS_PORT), s.get(WS_PATH), tls);
                }
            }, with(WS_TLS.keys(), WS_PORT, WS_PATH)),
            Combined.of((b, s) -> {
                Tls tls = SHARED_TLS.tls(s);
                if (tls != null) {
                    b.server().tls(tls);
                }
            }, SHARED_TLS.keys().toArray(Key<?>[]::new)),
            Combined.of((b, s) -> {
                if (s.get(TCP_PORT) < 0 && s.get(WS_PORT) < 0) {
                    throw new IllegalArgumentException("both listeners are off (port -1): nothing to serve");
                }
            }, TCP_PORT, WS_PORT));

    private ServerKeys() {
    }

    private static List<Key<?>> keys() {
        List<Key<?>> keys = new ArrayList<>(List.of(BIND, IO_THREADS, NATIVE_TRANSPORT, WRITE_BUFFER_LOW,
                WRITE_BUFFER_HIGH, CLOSE_LINGER, SHUTDOWN_TIMEOUT, TCP_PORT));
        keys.addAll(TCP_TLS.keys());
        keys.addAll(List.of(WS_PORT, WS_PATH, WS_MESSAGE_TYPE, WS_FRAMING, WS_MAX_MESSAGE_SIZE, WS_ALLOWED_ORIGINS));
        keys.addAll(WS_TLS.keys());
        keys.addAll(SHARED_TLS.keys());
        keys.addAll(List.of(TRUSTED_PROXIES, PROXY_PROTOCOL, FORWARDED_HEADER, MAX_CONNECTIONS,
                MAX_CONNECTIONS_PER_ADDRESS));
        return List.copyOf(keys);
    }

    private static Key<?>[] with(List<Key<?>> tlsKeys, Key<?>... first) {
        List<Key<?>> all = new ArrayList<>(List.of(first));
        all.addAll(tlsKeys);
        return all.toArray(Key<?>[]::new);
    }
}
