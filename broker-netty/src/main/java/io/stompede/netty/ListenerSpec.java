package io.stompede.netty;

import java.util.Objects;

/**
 * One listener as configured: what it speaks, where, and with which TLS identity. Immutable.
 *
 * @param kind  plain STOMP over TCP, or STOMP over WebSocket
 * @param port  the port to bind, 0 for any free port
 * @param path  the WebSocket upgrade path; {@code null} for TCP
 * @param tls   the listener's TLS identity, or {@code null} for none of its own
 */
record ListenerSpec(Kind kind, int port, String path, Tls tls) {
    enum Kind { TCP, WEBSOCKET }

    ListenerSpec {
        Objects.requireNonNull(kind, "kind");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (kind == Kind.WEBSOCKET && (path == null || !path.startsWith("/"))) {
            throw new IllegalArgumentException("a WebSocket path starts with '/', was " + path);
        }
    }

    ListenerSpec withTls(Tls newTls) {
        return new ListenerSpec(kind, port, path, newTls);
    }
}
