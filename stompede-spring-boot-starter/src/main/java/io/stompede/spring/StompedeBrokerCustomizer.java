package io.stompede.spring;

import io.stompede.BrokerBuilder;

/**
 * Changes the broker's configuration beyond what the {@code stompede.*} properties set: application
 * handlers, interceptors, observers, a message store of the application's own. Every bean of this
 * type is called, in order, after the properties are applied and before the broker is built.
 */
@FunctionalInterface
public interface StompedeBrokerCustomizer {
    /** Configures {@code builder}, which already holds the properties' settings. */
    void customize(BrokerBuilder builder);
}
