package io.stompede.examples.springchat;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Signs a STOMP session in from its CONNECT's {@code login} and {@code passcode}, as the chat's
 * page sends them, and makes the {@link Authentication} the session's user: Spring gives it to the
 * controller as its {@code Principal}, and the Stompede starter to the broker. This is Spring's
 * way of authenticating STOMP by its headers rather than by the HTTP handshake, which leaves the
 * page one sign-in form for both chats. A CONNECT without them, or with a wrong password, is
 * refused before the broker sees it ({@link RefusalErrors} words the ERROR). Stateless.
 */
final class StompLogin implements ChannelInterceptor {
    private final AuthenticationManager authentication;

    StompLogin(AuthenticationManager authentication) {
        this.authentication = authentication;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp != null && StompCommand.CONNECT.equals(stomp.getCommand())) {
            String login = stomp.getLogin();
            String passcode = stomp.getPasscode();
            if (login == null || passcode == null) {
                throw new BadCredentialsException("a CONNECT needs login and passcode");
            }
            stomp.setUser(authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login, passcode)));
        }
        return message;
    }
}
