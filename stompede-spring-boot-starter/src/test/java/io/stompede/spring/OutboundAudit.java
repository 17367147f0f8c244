package io.stompede.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * What an application that watches its clientOutboundChannel sees (with {@code chat.outbound-audit}
 * set): the native STOMP headers of every MESSAGE on its way to a client.
 */
@Configuration
@ConditionalOnProperty("chat.outbound-audit")
class OutboundAudit implements WebSocketMessageBrokerConfigurer {
    private final List<Map<String, List<String>>> messages = new CopyOnWriteArrayList<>();

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
                if (accessor != null && accessor.getCommand() == StompCommand.MESSAGE) {
                    messages.add(accessor.toNativeHeaderMap());
                }
                return message;
            }
        });
    }

    /** The native headers of each MESSAGE seen so far. */
    List<Map<String, List<String>>> messages() {
        return messages;
    }
}
