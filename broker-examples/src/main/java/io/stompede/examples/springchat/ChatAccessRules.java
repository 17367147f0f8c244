package io.stompede.examples.springchat;

import io.stompede.examples.chat.ChatDestinations;
import java.util.Set;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;

/**
 * What a client may SEND and SUBSCRIBE to: the plain chat's rules, stated as a Spring application
 * states such rules, in an interceptor on the inbound channel, which sees destinations as the
 * client gave them. SEND only to the controller's destinations, which set the writer, so no client
 * writes to a room's topic as someone else; {@code /publish/chat/members} is let through because
 * the page asks there who is in its room, which this chat leaves unanswered (it keeps no presence).
 * SUBSCRIBE only to the room list, one room and {@code /user/queue/errors}; the session's queue that
 * Spring resolves this to is refused when named directly, as it would let a client read another
 * session's errors. A refusal is an ERROR, after which Spring closes the connection. Stateless.
 */
final class ChatAccessRules implements ChannelInterceptor {
    static final String ERRORS = "/user/queue/errors";
    private static final Set<String> SENDS = Set.of("/publish/chat", "/publish/chat/rooms", "/publish/chat/members");

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        String destination = stomp.getDestination();
        if (stomp.getCommand() == StompCommand.SEND && !SENDS.contains(destination)) {
            throw new AccessDeniedException("a client sends only to " + String.join(", ", SENDS.stream().sorted().toList()));
        }
        if (stomp.getCommand() == StompCommand.SUBSCRIBE && !subscribable(destination)) {
            throw new AccessDeniedException("a client subscribes only to " + ChatDestinations.ROOMS + ", "
                    + ChatDestinations.ROOM_PREFIX + "ID" + " and " + ERRORS);
        }
        return message;
    }

    private static boolean subscribable(String destination) {
        return destination != null && (destination.equals(ChatDestinations.ROOMS) || destination.equals(ERRORS)
                || ChatDestinations.roomOf(destination).isPresent());
    }
}
