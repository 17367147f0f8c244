package io.stompede.transport;

import java.util.function.Function;

/**
 * Stands between a transport's connection and the session the broker opens on it, able to change
 * what passes: a test kit injecting faults (frames dropped, delayed or corrupted, connections
 * cut, ERRORs sent in the broker's stead). Installed with {@code BrokerBuilder.connectionDecorator};
 * with none, sessions talk to their connections directly.
 *
 * <p>Threading: as for a {@link Connection} and its {@link ProtocolHandler}, everything for one
 * connection happens on that connection's thread.
 */
@FunctionalInterface
public interface ConnectionDecorator {
    /**
     * Opens the session of {@code connection}: calls {@code session} with the connection the
     * session is to write to (this one, or one standing in for it), and returns what the
     * transport is to feed (the session's handler, or one standing in for it).
     */
    ProtocolHandler open(Connection connection, Function<Connection, ProtocolHandler> session);
}
