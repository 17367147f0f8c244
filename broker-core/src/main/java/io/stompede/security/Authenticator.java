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
    /** Accepts every client: the login, when given, names the principal; otherwise anonymous. */
    Authenticator ALLOW_ALL = request -> Optional.of(request.login() == null || request.login().isEmpty()
            ? StompPrincipal.ANONYMOUS
            : StompPrincipal.named(request.login()));

    /** The principal for this request, or empty to refuse it. */
    Optional<StompPrincipal> authenticate(AuthenticationRequest request);
}
