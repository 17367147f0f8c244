package io.stompede.spring;

import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * What the bridge needs of the application's WebSocket messaging configuration, added beside the
 * application's own configurer (Spring calls every one): the WebSocket sessions known by id, for
 * their addresses, to close them and to hear when they close.
 */
final class BridgeConfigurer implements WebSocketMessageBrokerConfigurer {
    private final WebSocketSessions sockets;

    BridgeConfigurer(WebSocketSessions sockets) {
        this.sockets = sockets;
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.addDecoratorFactory(sockets);
    }
}
