package io.stompede.netty;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * Which proxies a server believes about its clients' addresses, and how they say it. Immutable.
 *
 * @param trusted         the proxies whose word is taken; empty trusts none
 * @param proxyProtocol   whether TCP listeners expect a PROXY header (v1 or v2) from trusted proxies
 * @param forwardedHeader which HTTP header WebSocket listeners read from trusted proxies
 */
record ProxySettings(TrustedProxies trusted, boolean proxyProtocol, ForwardedHeader forwardedHeader) {
    ProxySettings {
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(forwardedHeader, "forwardedHeader");
    }

    /**
     * Whether a connection from {@code remote} on a listener of {@code kind} names its client in a
     * header still to come, so that its per-address count must wait for it.
     */
    boolean clientNamedLater(ListenerSpec.Kind kind, SocketAddress remote) {
        if (!trusted.contains(remote)) {
            return false;
        }
        return kind == ListenerSpec.Kind.WEBSOCKET || proxyProtocol;
    }
}
