package io.stompede.application;

import io.stompede.transport.ConnectionInfo;
import io.stompede.frame.StompVersion;
import io.stompede.security.StompPrincipal;

/** What the broker tells applications about a session. Thread-safe: every value is safe to read from any thread. */
public interface SessionInfo {
    /** The id sent to the client in CONNECTED. */
    String id();

    /** Who the client authenticated as; {@code null} before CONNECT succeeded. */
    StompPrincipal principal();

    /** The negotiated version; {@code null} before CONNECT succeeded. */
    StompVersion version();

    /** The transport's view of the peer. */
    ConnectionInfo connection();
}
