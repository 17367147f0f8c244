package io.stompede.session;

import io.stompede.BrokerConfig;
import io.stompede.FrameInterceptor;
import io.stompede.routing.Router;
import io.stompede.security.Authenticator;
import io.stompede.security.Authorizer;
import io.stompede.security.LoginThrottle;
import java.util.List;

/**
 * What every session of one broker shares: its configuration and the services a session calls.
 * Built once by the broker, the composition root; sessions get it through their constructor.
 */
public record BrokerServices(BrokerConfig config, Authenticator authenticator, Router router,
                             ApplicationDestinations applications, List<FrameInterceptor> interceptors,
                             Sessions sessions, BrokerCounters counters,
                             Authorizer authorizer, LoginThrottle loginThrottle) {
    public BrokerServices {
        interceptors = List.copyOf(interceptors);
    }
}
