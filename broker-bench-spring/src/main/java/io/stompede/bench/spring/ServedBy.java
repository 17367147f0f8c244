package io.stompede.bench.spring;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * An interceptor of the clientOutboundChannel such as applications add: it stamps each MESSAGE to
 * a client with the instance that served it ({@code x-served-by}). Stateless.
 */
final class ServedBy implements ChannelInterceptor {
    private final String instance;

    ServedBy(String instance) {
        this.instance = instance;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
        if (accessor.getCommand() != StompCommand.MESSAGE) {
            return message;
        }
        accessor.setNativeHeader("x-served-by", instance);
        return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
    }
}
