package io.stompede.security;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Decides who a connecting client is without holding up a transport thread: the answer comes as
 * a stage that completes later. For authenticators that wait on something (a directory, an HTTP
 * call) through a client of their own, or that do slow work only some of the time (the users file
 * hashes a passcode only when it has not seen it verified).
 *
 * <p>The broker calls it on the session's thread, where it must return at once; slow or blocking
 * work goes to {@code workers}, the broker's small pool for it. That pool has a bounded queue: when
 * it is full, {@link Executor#execute} throws {@link java.util.concurrent.RejectedExecutionException},
 * which may propagate out of this method and refuses the client. An empty answer, an exception or a
 * failed stage refuse the client with one generic ERROR. When the client goes away or runs out of
 * time before the answer, the broker cancels the stage if it is a {@link java.util.concurrent.Future},
 * so return a fresh stage per call, never one shared between clients.
 *
 * <p>Implementations are called from many sessions' threads at once and must be thread-safe.
 * A plain {@link Authenticator} is the simpler choice; the broker runs it on the workers.
 */
@FunctionalInterface
public interface AsyncAuthenticator {
    /**
     * The principal for this request, or empty to refuse it, once known.
     *
     * @param workers where to run slow or blocking work; bounded, see the class comment
     */
    CompletionStage<Optional<StompPrincipal>> authenticate(AuthenticationRequest request, Executor workers);
}
