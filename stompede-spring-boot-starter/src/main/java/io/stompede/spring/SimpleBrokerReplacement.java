package io.stompede.spring;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.DefaultUserDestinationResolver;
import org.springframework.messaging.simp.user.UserDestinationResolver;

/**
 * Puts Stompede where Spring's simple broker was. {@code @EnableWebSocketMessageBroker} always
 * makes a broker handler: the relay when {@code enableStompBrokerRelay} is called, else the simple
 * broker, with the destination prefixes {@code enableSimpleBroker} names (or none). Spring offers no
 * third kind, so the starter takes the simple broker's place as its bean is made, before it ever
 * starts: the same channels, the same destination prefixes, the same lifecycle phase, and
 * Stompede behind them. The application's configuration stays as it is; an application with the
 * relay is left alone.
 *
 * <p>A bean post-processor, so it asks for the beans it needs only when the simple broker is made.
 */
final class SimpleBrokerReplacement implements BeanPostProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SimpleBrokerReplacement.class);

    private final ObjectProvider<StompedeBrokerMessageHandler.Bridge> bridge;
    private final ObjectProvider<StompedeProperties> properties;
    private final ObjectProvider<SimpAnnotationMethodMessageHandler> controllers;
    private final ObjectProvider<UserDestinationResolver> userDestinations;

    SimpleBrokerReplacement(ObjectProvider<StompedeBrokerMessageHandler.Bridge> bridge,
                            ObjectProvider<StompedeProperties> properties,
                            ObjectProvider<SimpAnnotationMethodMessageHandler> controllers,
                            ObjectProvider<UserDestinationResolver> userDestinations) {
        this.bridge = bridge;
        this.properties = properties;
        this.controllers = controllers;
        this.userDestinations = userDestinations;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof SimpleBrokerMessageHandler simple)) {
            return bean;
        }
        StompedeProperties.Bridge settings = properties.getObject().getBridge();
        // Whether deliveries keep their wire form is settled when the handler starts.
        OutboundSettings outbound = new OutboundSettings(simple.getClientOutboundChannel(),
                settings.getWriteBufferLow().toBytes(), settings.getWriteBufferHigh().toBytes(),
                settings.getMaxPausedInput().toBytes(), false);
        StompedeBrokerMessageHandler stompede = new StompedeBrokerMessageHandler(simple.getClientInboundChannel(),
                simple.getBrokerChannel(), simple.getDestinationPrefixes(), applicationPrefixes(),
                userDestinations.getIfAvailable(), bridge.getObject(), outbound);
        stompede.setPhase(simple.getPhase());
        stompede.setAutoStartup(simple.isAutoStartup());
        stompede.setApplicationEventPublisher(simple.getApplicationEventPublisher());
        if (userDestinations.getIfAvailable() instanceof DefaultUserDestinationResolver resolver) {
            String prefix = resolver.getDestinationPrefix();
            stompede.setUserDestinationPredicate(destination -> destination.startsWith(prefix));
        }
        if (simple.getHeartbeatValue() != null) {
            LOG.warn("The heart-beats given to enableSimpleBroker ({}) do not apply: Stompede's own do, "
                    + "as stompede.heartbeat.* sets them", Arrays.toString(simple.getHeartbeatValue()));
        }
        LOG.debug("Stompede takes the place of {} ({})", beanName, simple);
        return stompede;
    }

    private Collection<String> applicationPrefixes() {
        SimpAnnotationMethodMessageHandler handler = controllers.getIfAvailable();
        return handler == null ? List.of() : handler.getDestinationPrefixes();
    }
}
