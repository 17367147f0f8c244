package io.stompede.examples.springchat;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Words the ERROR of a failed sign-in: Spring's own says only that the CONNECT could not be sent
 * to the inbound channel, where {@link StompLogin} refused it. It says
 * {@code authentication failed}, the words the page shows as a wrong name or password, as the
 * plain chat's broker does. Spring closes the connection after the ERROR, as STOMP wants. Stateless.
 */
final class RefusalErrors extends StompSubProtocolErrorHandler {
    static final String AUTHENTICATION_FAILED = "authentication failed";

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return error(AUTHENTICATION_FAILED);
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
