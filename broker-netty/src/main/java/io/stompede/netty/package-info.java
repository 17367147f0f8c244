/**
 * The Netty transport: STOMP over TCP and WebSocket, optionally over TLS, feeding the
 * transport-independent core in {@code io.stompede}.
 *
 * <p>{@link io.stompede.netty.StompServer} is the entry point, for embedding applications and
 * for the standalone broker's command line alike (which lives in {@code io.stompede.standalone}
 * and is not referred to from here). Everything but it and its {@link io.stompede.netty.Tls}
 * set-up, {@link io.stompede.netty.WebSocketMessageType}, {@link io.stompede.netty.WebSocketFraming}
 * and {@link io.stompede.netty.ForwardedHeader} is package-private plumbing: one pipeline per
 * listener, whose tail handler turns bytes into {@code Session.receive} calls whatever the
 * transport.
 *
 * <p>Threading: each connection's handlers, its {@code Connection} and its session run on
 * the connection's event loop; {@code StompServer} itself is thread-safe.
 */
package io.stompede.netty;
