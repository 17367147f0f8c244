package io.stompede.application;

/**
 * Thrown by an {@link ApplicationHandler} or a {@link FrameInterceptor} to refuse a client's
 * frame. The client gets an ERROR whose {@code message} header is this exception's message, and
 * its connection is closed; everyone else is unaffected. The message is sent to the client, so it
 * must not reveal secrets. Immutable.
 */
public class MessageRejectedException extends Exception {
    /** A refusal whose {@code message} is sent to the client as the reason. */
    public MessageRejectedException(String message) {
        super(message, null, false, false);
    }
}
