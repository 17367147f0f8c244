package io.stompede.netty;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The client's real address on a channel that a trusted proxy opened, as its PROXY header or its
 * {@code Forwarded} / {@code X-Forwarded-For} header said; on any other channel, the socket's
 * peer. This is the address that {@code ConnectionInfo}, the per-address limit, the login throttle
 * and the session listing see.
 *
 * <p>Threading: set once on the channel's event loop before the session opens; read after.
 */
final class ClientAddress {
    private static final AttributeKey<InetSocketAddress> KEY =
            AttributeKey.valueOf(ClientAddress.class, "clientAddress");

    /** Fired down the pipeline once a PROXY header has named the client, so the session may open. */
    enum Resolved { EVENT }

    private ClientAddress() {
    }

    static SocketAddress of(Channel channel) {
        InetSocketAddress client = channel.attr(KEY).get();
        return client != null ? client : channel.remoteAddress();
    }

    static void set(Channel channel, InetSocketAddress client) {
        channel.attr(KEY).set(client);
    }
}
