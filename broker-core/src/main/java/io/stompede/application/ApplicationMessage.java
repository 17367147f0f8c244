package io.stompede.application;

import io.stompede.frame.Frame;
import io.stompede.security.StompPrincipal;

/**
 * A SEND to an application destination, with who sent it.
 *
 * @param frame  the SEND frame as the client sent it
 * @param sender the sending session: its id and principal
 */
public record ApplicationMessage(Frame frame, SessionInfo sender) {
    public String destination() {
        return frame.header("destination");
    }

    /** The first value of a header of the SEND, or {@code null}. */
    public String header(String name) {
        return frame.header(name);
    }

    public String bodyAsString() {
        return frame.bodyAsString();
    }

    public String sessionId() {
        return sender.id();
    }

    public StompPrincipal principal() {
        return sender.principal();
    }
}
