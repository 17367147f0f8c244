package io.stompede.spring;

import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.security.Authenticator;
import io.stompede.security.Authorizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring Boot's entry to the starter: with it on the class path, an application whose WebSocket
 * messaging configuration enables the simple broker gets Stompede in its place, configured by the
 * {@code stompede.*} properties ({@link StompedeProperties}). Off with {@code stompede.enabled=false}.
 *
 * <p>The beans: the {@link Broker} (which an application may inject, to publish, subscribe or
 * administer in-process), the bridge that carries Spring's WebSocket sessions to it, and, with
 * {@code stompede.tcp.port}, its {@link StompedeTcpListener}. Beans of type
 * {@link StompedeBrokerCustomizer}, {@link Authorizer} and {@link Authenticator} (who a session is
 * when Spring authenticated nobody) are taken into the broker when the application has them.
 */
@AutoConfiguration
@ConditionalOnClass({Broker.class, WebSocketMessageBrokerConfigurer.class})
@ConditionalOnProperty(prefix = "stompede", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StompedeProperties.class)
public class StompedeAutoConfiguration {
    @Bean
    SpringPrincipals stompedePrincipals(ObjectProvider<Authenticator> authenticator) {
        Authenticator unauthenticated = authenticator.getIfAvailable();
        return new SpringPrincipals(unauthenticated == null ? SpringPrincipals.ANONYMOUS
                : Authenticator.async(unauthenticated));
    }

    /** The broker; closed after the bridge's threads stop serving it, and before they end. */
    @Bean(destroyMethod = "close")
    @DependsOn("stompedeBridgeLoops")
    Broker stompedeBroker(StompedeProperties properties, SpringPrincipals principals,
                          ObjectProvider<Authorizer> authorizer, ObjectProvider<StompedeBrokerCustomizer> customizers) {
        BrokerBuilder builder = Broker.builder();
        BrokerSettings.apply(properties, builder);
        builder.authenticator(principals);
        authorizer.ifAvailable(builder::authorizer);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** The threads bridged sessions run on, each session confined to one, as a Netty connection is. */
    @Bean(destroyMethod = "shutdownGracefully")
    EventExecutorGroup stompedeBridgeLoops(StompedeProperties properties) {
        int threads = properties.getBridge().getThreads();
        return new DefaultEventExecutorGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("stompede-bridge", true));
    }

    @Bean
    WebSocketSessions stompedeWebSocketSessions() {
        return new WebSocketSessions();
    }

    @Bean
    StompedeBrokerMessageHandler.Bridge stompedeBridge(Broker broker, EventExecutorGroup stompedeBridgeLoops,
                                                       WebSocketSessions sockets,
                                                       ObjectProvider<SubProtocolWebSocketHandler> webSocketHandlers) {
        return new StompedeBrokerMessageHandler.Bridge(broker, stompedeBridgeLoops, sockets,
                new WireFormOutput(webSocketHandlers));
    }

    @Bean
    WebSocketMessageBrokerConfigurer stompedeBridgeConfigurer(WebSocketSessions sockets) {
        return new BridgeConfigurer(sockets);
    }

    @Bean
    static SimpleBrokerReplacement stompedeSimpleBrokerReplacement(
            ObjectProvider<StompedeBrokerMessageHandler.Bridge> bridge, ObjectProvider<StompedeProperties> properties,
            ObjectProvider<SimpAnnotationMethodMessageHandler> controllers,
            ObjectProvider<UserDestinationResolver> userDestinations) {
        return new SimpleBrokerReplacement(bridge, properties, controllers, userDestinations);
    }

    @Bean
    @ConditionalOnProperty(prefix = "stompede.tcp", name = "port")
    StompedeTcpListener stompedeTcpListener(Broker broker, StompedeProperties properties) {
        return new StompedeTcpListener(broker, properties.getTcp().getBind(), properties.getTcp().getPort());
    }
}
