package io.stompede.spring;

import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.ConnectionInfo;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.springframework.util.ClassUtils;

/**
 * The broker's authenticator for bridged sessions: a session whose WebSocket Spring authenticated
 * (the {@code simpUser} of its CONNECT: the handshake's principal, or the one an inbound channel
 * interceptor set, which the bridge hands the broker as its connection's
 * {@link ConnectionInfo#principal()}) is that principal, by name, with a Spring Security
 * {@code Authentication}'s authorities as its groups, so that Stompede's access rules see who
 * Spring saw. A session without one goes to {@code unauthenticated}: by default the anonymous
 * principal whatever {@code login} its CONNECT claims, since an application that lets Spring
 * authenticate would not expect a login header to be believed. Thread-safe.
 */
final class SpringPrincipals implements AsyncAuthenticator {
    /** Who a session with no Spring principal is, when the application brings no authenticator. */
    static final AsyncAuthenticator ANONYMOUS = (request, workers) ->
            CompletableFuture.completedFuture(Optional.of(StompPrincipal.ANONYMOUS));

    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", SpringPrincipals.class.getClassLoader());

    private final AsyncAuthenticator unauthenticated;

    SpringPrincipals(AsyncAuthenticator unauthenticated) {
        this.unauthenticated = unauthenticated;
    }

    /** The broker's principal for Spring's {@code user}. */
    static StompPrincipal of(Principal user) {
        Set<String> groups = SPRING_SECURITY ? SpringSecurityAuthorities.of(user) : Set.of();
        return new StompPrincipal(user.getName(), groups);
    }

    @Override
    public CompletionStage<Optional<StompPrincipal>> authenticate(AuthenticationRequest request, Executor workers) {
        Principal user = request.connection().principal();
        if (user != null) {
            return CompletableFuture.completedFuture(Optional.of(of(user)));
        }
        return unauthenticated.authenticate(request, workers);
    }
}
