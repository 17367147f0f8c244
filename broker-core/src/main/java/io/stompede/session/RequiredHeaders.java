package io.stompede.session;

import io.stompede.frame.Frame;
import io.stompede.frame.StompProtocolException;

/** The headers a client frame cannot do without, and the one ERROR for their absence. */
final class RequiredHeaders {
    private RequiredHeaders() {
    }

    /** The header's first value; an ERROR when the frame has none. */
    static String get(Frame frame, String header) throws StompProtocolException {
        String value = frame.header(header);
        if (value == null) {
            throw missing(header);
        }
        return value;
    }

    static StompProtocolException missing(String header) {
        return new StompProtocolException("missing header", "This frame needs a '" + header + "' header.");
    }
}
