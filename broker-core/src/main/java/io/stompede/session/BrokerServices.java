package io.stompede.session;

import io.stompede.config.BrokerConfig;
import io.stompede.observer.BrokerObserver;
import io.stompede.routing.Router;
import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.Authorizer;
import io.stompede.security.LoginThrottle;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every session of one broker shares: its configuration and the services a session calls.
 * Built once by the broker, the composition root; sessions get it through their constructor.
 *
 * @param authenticationWorkers the bounded pool for slow authentication work; it throws
 *                              {@link java.util.concurrent.RejectedExecutionException} when full
 * @param clock                 the wall clock that credentials' expiry is judged by; timers still run
 *                              on the connection's scheduler
 * @param resumption            the sessions clients may resume, and the resume settings
 */
public record BrokerServices(BrokerConfig config, AsyncAuthenticator authenticator, Executor authenticationWorkers,
                             Router router, ApplicationDestinations applications,
                             FrameInterceptors interceptors, Sessions sessions, BrokerObserver observer,
                             Authorizer authorizer, LoginThrottle loginThrottle, Clock clock,
                             ResumableSessions resumption) {
}
