package io.stompede.session;

import java.nio.ByteBuffer;

/**
 * One client's protocol state, as the transport sees it: bytes in, and two notifications.
 * Confined to its connection's thread: every method here is called from it.
 */
public final class Session {
    /** Feeds bytes that arrived from the peer; {@code bytes} is fully consumed before this returns. */
    public void receive(ByteBuffer bytes) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Tells the session that {@link Connection#isWritable()} changed. */
    public void writabilityChanged() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Tells the session that the transport closed, whoever closed it. Idempotent. */
    public void connectionClosed() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The session id sent in CONNECTED. */
    public String id() {
        throw new UnsupportedOperationException("skeleton");
    }
}
