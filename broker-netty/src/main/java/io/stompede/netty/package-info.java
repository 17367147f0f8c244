/**
 * The Netty transport: STOMP over TCP and WebSocket, optionally over TLS, feeding the
 * transport-independent core in {@code io.stompede}.
 *
 * <p>{@link io.stompede.netty.StompServer} is the entry point for embedding;
 * {@link io.stompede.netty.Main} is the standalone broker. Everything else is package-private
 * plumbing: one pipeline per listener, whose tail handler turns bytes into
 * {@code Session.receive} calls whatever the transport.
 *
 * <p>Threading: each connection's handlers, its {@code Connection} and its session run on
 * the connection's event loop; {@code StompServer} itself is thread-safe.
 */
package io.stompede.netty;
