package io.stompede;

import io.stompede.frame.EncodedFrame;
import io.stompede.observer.WireTap;
import io.stompede.transport.Connection;
import io.stompede.transport.ForwardingConnection;
import io.stompede.transport.ProtocolHandler;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A connection and its session with a {@link WireTap.Listener} between them: the session writes
 * through it, the transport feeds it, and the listener hears both before they pass on.
 * Confined, like the connection it wraps, to the connection's thread.
 */
final class TappedConnection extends ForwardingConnection {
    private final WireTap.Listener listener;

    private TappedConnection(Connection connection, WireTap.Listener listener) {
        super(connection);
        this.listener = listener;
    }

    /**
     * Opens {@code connection}'s session through {@code open} with {@code tap} listening to it;
     * returns what the transport feeds.
     */
    static ProtocolHandler open(Connection connection, WireTap tap, Function<Connection, ProtocolHandler> open) {
        WireTap.Listener listener = tap.opened(connection.info());
        ProtocolHandler session = open.apply(new TappedConnection(connection, listener));
        return new ProtocolHandler() {
            @Override
            public void receive(ByteBuffer bytes) {
                listener.received(bytes.asReadOnlyBuffer());
                session.receive(bytes);
            }

            @Override
            public void writabilityChanged() {
                session.writabilityChanged();
            }

            @Override
            public void connectionClosed() {
                session.connectionClosed();
                listener.closed();
            }
        };
    }

    @Override
    public void write(EncodedFrame frame) {
        listener.sent(frame);
        connection.write(frame);
    }
}
