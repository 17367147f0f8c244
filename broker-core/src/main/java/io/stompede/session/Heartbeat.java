package io.stompede.session;

import io.stompede.frame.StompProtocolException;

/**
 * Negotiated heart-beat intervals of one session, in milliseconds; 0 switches a direction off.
 * A pure function of the two {@code heart-beat} headers, kept apart so that a table-driven test
 * covers it.
 *
 * @param serverToClient how often the broker must send something
 * @param clientToServer how often the client promised to send something
 */
record Heartbeat(long serverToClient, long clientToServer) {
    static final Heartbeat NONE = new Heartbeat(0, 0);

    /**
     * Negotiates from the client's header {@code cx,cy} (how often it can send, how often it wants
     * to hear from the broker) within the broker's bounds: the broker sends at the client's
     * {@code cy}, raised to {@code floor} and lowered to {@code ceiling}, and expects the client
     * at its {@code cx}, raised to {@code floor} (a client cannot be asked to send more often than
     * it can). A 0 from the client switches that direction off, as does a {@code ceiling} of 0
     * both. What is negotiated is what CONNECTED states, so that the client computes the same.
     */
    static Heartbeat negotiate(String clientHeader, long floor, long ceiling) throws StompProtocolException {
        if (clientHeader == null || ceiling == 0) {
            return NONE;
        }
        long[] client = parse(clientHeader);
        long cx = client[0];
        long cy = client[1];
        long toClient = cy == 0 ? 0 : Math.min(Math.max(cy, floor), ceiling);
        long toServer = cx == 0 ? 0 : Math.max(cx, floor);
        return new Heartbeat(toClient, toServer);
    }

    /** The CONNECTED header's value: what the broker really does, {@code sx,sy}. */
    String header() {
        return serverToClient + "," + clientToServer;
    }

    private static long[] parse(String header) throws StompProtocolException {
        int comma = header.indexOf(',');
        if (comma < 0) {
            throw invalid(header);
        }
        return new long[] {number(header.substring(0, comma).trim(), header),
                           number(header.substring(comma + 1).trim(), header)};
    }

    private static long number(String text, String header) throws StompProtocolException {
        if (text.isEmpty() || text.length() > 9) {
            throw invalid(header);
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(header);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StompProtocolException invalid(String header) {
        return new StompProtocolException("invalid heart-beat header",
                "heart-beat must be two non-negative integers, e.g. 10000,10000; got '" + header + "'.");
    }
}
