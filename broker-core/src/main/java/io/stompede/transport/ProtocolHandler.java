package io.stompede.transport;

import java.nio.ByteBuffer;

/**
 * What the broker gives a transport for each connection it opens (see
 * {@code Broker.openSession}): the STOMP session the transport feeds with what arrives and tells
 * of what happens to the connection. The other half of {@link Connection}, which the transport
 * implements for the broker.
 *
 * <p>Threading: every method is called on the connection's thread, one call at a time.
 */
public interface ProtocolHandler {
    /** Feeds bytes that arrived from the peer; {@code bytes} is fully consumed before this returns. */
    void receive(ByteBuffer bytes);

    /** {@link Connection#isWritable()} changed: the session resumes writing if it can. */
    void writabilityChanged();

    /** The connection closed, whoever closed it. Idempotent. */
    void connectionClosed();
}
