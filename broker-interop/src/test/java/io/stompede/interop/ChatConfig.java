package io.stompede.interop;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The configuration of a typical Spring chat server that scales out through an external broker:
 * browsers connect to {@code /chat}, {@code /app/...} goes to controllers, and {@code /topic/...}
 * is relayed to Stompede over TCP, with heart-beats on the relay's system session.
 */
@Configuration
@EnableWebSocketMessageBroker
class ChatConfig implements WebSocketMessageBrokerConfigurer {
    static final long SYSTEM_HEARTBEAT_MILLIS = 1000;

    private final ChatInstance.Settings settings;

    ChatConfig(ChatInstance.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/chat");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/app");
        registry.enableStompBrokerRelay("/topic", "/queue")
                .setRelayHost("127.0.0.1")
                .setRelayPort(settings.relayPort())
                .setSystemLogin(settings.name())
                .setSystemHeartbeatSendInterval(SYSTEM_HEARTBEAT_MILLIS)
                .setSystemHeartbeatReceiveInterval(SYSTEM_HEARTBEAT_MILLIS);
    }
}
