package io.stompede.application;

import io.stompede.frame.Frame;
import io.stompede.security.StompPrincipal;

/**
 * A SEND to an application destination, with who sent it. Immutable.
 *
 * @param frame  the SEND frame as the client sent it
 * @param sender the sending session: its id and principal
 */
public record ApplicationMessage(Frame frame, SessionInfo sender) {
    /** The destination the client sent to, application prefix included. */
    public String destination() {
        return frame.header("destination");
    }

    /** The first value of a header of the SEND, or {@code null}. */
    public String header(String name) {
        return frame.header(name);
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return frame.bodyAsString();
    }

    /** The id of the sending session, to tell one client from another. */
    public String sessionId() {
        return sender.id();
    }

    /** Who sent it, as authenticated: what a handler decides on, rather than what the frame claims. */
    public StompPrincipal principal() {
        return sender.principal();
    }
}
