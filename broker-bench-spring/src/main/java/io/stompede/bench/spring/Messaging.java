package io.stompede.bench.spring;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The application's WebSocket messaging, at Spring's defaults but for the broker: {@code /app} to
 * the controllers, {@code /topic} to the simple broker (which the starter, when enabled, turns
 * into Stompede) or relayed to RabbitMQ over TCP, one connection per client session.
 */
@Configuration
@EnableWebSocketMessageBroker
class Messaging implements WebSocketMessageBrokerConfigurer {
    private final Mode mode;
    private final int relayPort;

    Messaging(Environment environment) {
        this.mode = Mode.of(environment);
        this.relayPort = environment.getRequiredProperty("bench.relay-port", Integer.class);
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/chat");
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        if (mode == Mode.intercepted) {
            registration.interceptors(new ServedBy("bench-" + ProcessHandle.current().pid()));
        }
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/app");
        if (mode == Mode.relay) {
            // RabbitMQ's guest account, which it accepts on loopback only: the relay's default logins.
            registry.enableStompBrokerRelay("/topic").setRelayHost("127.0.0.1").setRelayPort(relayPort);
        } else {
            registry.enableSimpleBroker("/topic");
        }
    }
}
