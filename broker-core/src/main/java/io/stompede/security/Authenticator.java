package io.stompede.security;

import java.util.Optional;

/**
 * Decides who a connecting client is. The broker calls it once per CONNECT, on the session's
 * thread, so an implementation must be thread-safe and should not block for long.
 *
 * <p>An empty result refuses the client; the broker then answers one generic ERROR, which never
 * says whether the login or the passcode was wrong, and closes the connection.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * Accepts every client: the login, when given, names the principal; otherwise the CN of a
     * verified client certificate does; otherwise the client is anonymous.
     */
    Authenticator ALLOW_ALL = request -> {
        if (request.login() != null && !request.login().isEmpty()) {
            return Optional.of(StompPrincipal.named(request.login()));
        }
        return Optional.of(ClientCertificates.commonName(request.connection())
                .map(StompPrincipal::named)
                .orElse(StompPrincipal.ANONYMOUS));
    };

    /** The principal for this request, or empty to refuse it. */
    Optional<StompPrincipal> authenticate(AuthenticationRequest request);
}
