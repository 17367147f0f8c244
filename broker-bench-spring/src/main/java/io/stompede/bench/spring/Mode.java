package io.stompede.bench.spring;

import java.util.Arrays;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * The broker behind the application, chosen by the Spring profile of the same name, so that each
 * profile's properties file can say what else the mode needs (the starter off, the relay's port).
 */
enum Mode {
    /** Spring's simple broker: {@code enableSimpleBroker}, the starter disabled. */
    simple,
    /** The same configuration with the Stompede starter at its defaults, as users meet it. */
    stompede,
    /**
     * The starter with an interceptor of the application's on the clientOutboundChannel, which
     * takes every frame back to a Spring message with all its headers: what that costs.
     */
    intercepted,
    /** {@code enableStompBrokerRelay} to a RabbitMQ on loopback, the starter disabled. */
    relay;

    /** The mode that exactly one active profile names; fails the start otherwise, rather than guess. */
    static Mode of(Environment environment) {
        List<Mode> active = Arrays.stream(values())
                .filter(mode -> Arrays.asList(environment.getActiveProfiles()).contains(mode.name()))
                .toList();
        if (active.size() != 1) {
            throw new IllegalStateException("Activate exactly one of the profiles " + Arrays.toString(values())
                    + " (--spring.profiles.active=MODE); active: " + Arrays.toString(environment.getActiveProfiles()));
        }
        return active.get(0);
    }
}
