package io.stompede.examples.springchat;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The chat's STOMP, configured as for Spring's simple broker: the page connects to
 * {@code /stomp}; frames to {@code /publish/...} go to {@link ChatController}; the rooms are
 * broker destinations under {@code /subscribe}, and {@code /queue} is there for the user
 * destination of errors. With the Stompede starter on the class path, the broker that
 * {@code enableSimpleBroker} names is Stompede, configured by {@code stompede.*} and guarded by
 * {@link RoomAccess}; nothing here says so.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class Messaging implements WebSocketMessageBrokerConfigurer {
    /** Where the page's stompjs connects, on the page's own origin. */
    static final String ENDPOINT = "/stomp";

    private final AuthenticationManager authentication;

    Messaging(AuthenticationManager authentication) {
        this.authentication = authentication;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Same-origin only, Spring's default: another site's page cannot use a visitor's browser here.
        registry.addEndpoint(ENDPOINT);
        registry.setErrorHandler(new RefusalErrors());
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new StompLogin(authentication));
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/publish");
        registry.enableSimpleBroker("/subscribe", "/queue");
    }
}
