package io.stompede.security;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides who a connecting client is. The broker calls it once per CONNECT on its authentication
 * workers, a small bounded pool, never on a transport thread: it may block for a while (a password
 * hash, a database lookup) without stalling other clients, but each call holds one worker. An
 * implementation must be thread-safe.
 *
 * <p>An empty result refuses the client; the broker then answers one generic ERROR, which never
 * says whether the login or the passcode was wrong, and closes the connection. An authenticator
 * that can answer without blocking, or that waits through a client of its own, implements
 * {@link AsyncAuthenticator} instead.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * Accepts every client: the login, when given, names the principal; otherwise the CN of a
     * verified client certificate does; otherwise the client is anonymous. The broker calls this
     * one on the session's thread, as it never blocks.
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

    /**
     * This authenticator as the broker calls it: {@link #ALLOW_ALL} and authenticators that are
     * also {@link AsyncAuthenticator}s answer on the calling thread, any other runs on the workers.
     */
    static AsyncAuthenticator async(Authenticator authenticator) {
        if (authenticator instanceof AsyncAuthenticator async) {
            return async;
        }
        if (authenticator == ALLOW_ALL) {
            return (request, workers) -> CompletableFuture.completedFuture(
                    ALLOW_ALL.authenticate(request));
        }
        return (request, workers) -> CompletableFuture.supplyAsync(
                () -> authenticator.authenticate(request), workers);
    }
}
