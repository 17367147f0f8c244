package io.stompede.spring;

import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.ConnectionInfo;
import java.security.Principal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.springframework.util.ClassUtils;

/**
 * The broker's authenticator for bridged sessions: a session whose WebSocket Spring authenticated
 * (the {@code simpUser} of its CONNECT: the handshake's principal, or the one an inbound channel
 * interceptor set) is that principal, by name, with a Spring Security {@code Authentication}'s
 * authorities as its groups, so that Stompede's access rules see who Spring saw. A session
 * without one goes to {@code unauthenticated}: by default the anonymous principal whatever
 * {@code login} its CONNECT claims, since an application that lets Spring authenticate would not
 * expect a login header to be believed.
 *
 * <p>Principals are found by the bridge connection's {@link ConnectionInfo}, which the broker hands
 * back unchanged in each request: the one thing of the connection the authenticator sees.
 * Thread-safe.
 */
final class SpringPrincipals implements AsyncAuthenticator {
    /** Who a session with no Spring principal is, when the application brings no authenticator. */
    static final AsyncAuthenticator ANONYMOUS = (request, workers) ->
            CompletableFuture.completedFuture(Optional.of(StompPrincipal.ANONYMOUS));

    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", SpringPrincipals.class.getClassLoader());

    // By identity: two connections from the same address must not share an entry.
    private final Map<ConnectionInfo, StompPrincipal> byConnection = Collections.synchronizedMap(new IdentityHashMap<>());
    private final AsyncAuthenticator unauthenticated;

    SpringPrincipals(AsyncAuthenticator unauthenticated) {
        this.unauthenticated = unauthenticated;
    }

    /** The broker's principal for Spring's {@code user}. */
    static StompPrincipal of(Principal user) {
        Set<String> groups = SPRING_SECURITY ? SpringSecurityAuthorities.of(user) : Set.of();
        return new StompPrincipal(user.getName(), groups);
    }

    /** Makes {@code user} the principal of the connection that {@code connection} describes, until {@link #forget}. */
    void remember(ConnectionInfo connection, Principal user) {
        byConnection.put(connection, of(user));
    }

    void forget(ConnectionInfo connection) {
        byConnection.remove(connection);
    }

    @Override
    public CompletionStage<Optional<StompPrincipal>> authenticate(AuthenticationRequest request, Executor workers) {
        StompPrincipal principal = byConnection.get(request.connection());
        if (principal != null) {
            return CompletableFuture.completedFuture(Optional.of(principal));
        }
        return unauthenticated.authenticate(request, workers);
    }
}
