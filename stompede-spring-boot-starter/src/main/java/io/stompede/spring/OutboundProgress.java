package io.stompede.spring;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * Tells each session's {@link OrderedOutbound} that its message left the clientOutboundChannel,
 * handled by Spring's WebSocket handler (written to the session, or dropped because the session is
 * gone), so that the next may go. Installed on that channel by the broker handler. Thread-safe.
 */
final class OutboundProgress implements ExecutorChannelInterceptor {
    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (message.getHeaders().get(OrderedOutbound.HANDLED_HEADER) instanceof Runnable handled) {
            handled.run();
        }
    }
}
