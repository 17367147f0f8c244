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
     * Negotiates from the client's header {@code cx,cy} (what it can send, what it wants) and the
     * broker's own {@code sx,sy}: each direction is off when either side says 0, else the larger
     * of the two figures.
     */
    static Heartbeat negotiate(String clientHeader, long serverSend, long serverReceive) throws StompProtocolException {
        if (clientHeader == null) {
            return NONE;
        }
        long[] client = parse(clientHeader);
        long cx = client[0];
        long cy = client[1];
        long toClient = serverSend == 0 || cy == 0 ? 0 : Math.max(serverSend, cy);
        long toServer = cx == 0 || serverReceive == 0 ? 0 : Math.max(cx, serverReceive);
        return new Heartbeat(toClient, toServer);
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
