package io.stompede.examples.springchat;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Words the ERROR a client gets when an interceptor refuses its frame: Spring's own says only that
 * the message could not be sent to the inbound channel. A failed sign-in is
 * {@code authentication failed}, the words the page shows as a wrong name or password, and a
 * frame {@link ChatAccessRules} refuses says why. Spring closes the connection after the ERROR,
 * as STOMP wants. Stateless.
 */
final class RefusalErrors extends StompSubProtocolErrorHandler {
    static final String AUTHENTICATION_FAILED = "authentication failed";

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return error(AUTHENTICATION_FAILED);
            }
            if (cause instanceof AccessDeniedException) {
                return error(cause.getMessage());
            }
        }
        return super.handleClientMessageProcessingError(clientMessage, ex);
    }

    private static Message<byte[]> error(String reason) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(reason);
        error.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], error.getMessageHeaders());
    }
}
