package io.stompede.observer;

import io.stompede.frame.EncodedFrame;
import io.stompede.transport.ConnectionInfo;
import java.nio.ByteBuffer;

/**
 * Sees the bytes of every connection, both ways, as the wire carries them: what a client sent
 * before the broker reads it, and every frame and heart-beat the broker writes. For test kits and
 * protocol debugging, which need to show what a client really did, malformed bytes included;
 * installed with {@code BrokerBuilder.wireTap}, it costs nothing when there is none.
 *
 * <p>Threading: a connection's listener is called on that connection's thread, one call at a
 * time; listeners of different connections run at once. It must not block, nor keep the buffer
 * or the frame past the call but by copying them.
 */
@FunctionalInterface
public interface WireTap {
    /** A transport opened a connection; what crosses it goes to the returned listener. */
    Listener opened(ConnectionInfo connection);

    /** Hears one connection. */
    interface Listener {
        /** Bytes the client sent, as they arrived: a read-only view, before the broker reads them. */
        void received(ByteBuffer bytes);

        /** A frame or heart-beat the broker wrote to the client. */
        void sent(EncodedFrame frame);

        /** The connection closed, whoever closed it. */
        void closed();
    }
}
