package io.stompede.netty;

/**
 * Which HTTP header of a WebSocket upgrade request names the client, when the request comes from a
 * trusted proxy (see {@link StompServerBuilder#trustedProxies}). Only one is read: a proxy that
 * writes one of them usually passes the other through from the client untouched, so reading both
 * would let a client choose its own address.
 */
public enum ForwardedHeader {
    /**
     * {@code X-Forwarded-For: client, proxy1, ...}: what nginx ({@code proxy_add_x_forwarded_for}),
     * HAProxy ({@code option forwardfor}) and most cloud load balancers write.
     */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /**
     * {@code Forwarded: for=client;proto=https, for=proxy1} as RFC 7239 defines it (HAProxy's
     * {@code option forwarded}).
     */
    FORWARDED("Forwarded");

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The header's name on the wire. */
    public String headerName() {
        return headerName;
    }
}
