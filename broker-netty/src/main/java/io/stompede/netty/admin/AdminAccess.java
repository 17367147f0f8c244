package io.stompede.netty.admin;

import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.Authenticator;
import io.stompede.security.StompPrincipal;
import io.stompede.security.UsersFile;
import io.stompede.transport.ConnectionInfo;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Who may use the admin endpoint: with a users file, a request's HTTP Basic credentials must be
 * a user's, checked by the file's own authenticator (an unknown user costs as much as a wrong
 * password; a password verified once is known by a keyed digest afterwards), and the user must be
 * in the admin group. Without a users file everyone is let in: {@link AdminServer} allows that
 * only on a loopback address. Passwords are never logged nor kept.
 *
 * <p>Thread-safe. {@link #check} returns at once: the password hash, slow on purpose, runs on the
 * admin's workers, never on the event loop that asks.
 */
final class AdminAccess {
    /** What a request may do. */
    enum Verdict {
        /** Let in. */
        ALLOWED,
        /** No credentials, or wrong ones: 401 with a Basic challenge. */
        UNAUTHENTICATED,
        /** A user outside the admin group: 403. */
        FORBIDDEN,
        /** The workers have too many checks waiting: 503. */
        BUSY
    }

    private static final String BASIC = "basic ";

    private final AsyncAuthenticator authenticator;
    private final String adminGroup;
    private final Executor workers;

    private AdminAccess(AsyncAuthenticator authenticator, String adminGroup, Executor workers) {
        this.authenticator = authenticator;
        this.adminGroup = adminGroup;
        this.workers = workers;
    }

    /** Lets in users of {@code users} in {@code adminGroup}; everyone when {@code users} is {@code null}. */
    static AdminAccess of(UsersFile users, String adminGroup, Executor workers) {
        if (users == null) {
            return new AdminAccess(null, adminGroup, workers);
        }
        Authenticator plain = users.authenticator(false);
        AsyncAuthenticator authenticator = plain instanceof AsyncAuthenticator async ? async
                : (request, pool) -> CompletableFuture.supplyAsync(() -> plain.authenticate(request), pool);
        return new AdminAccess(authenticator, adminGroup, workers);
    }

    /** Whether anyone is let in. */
    boolean isOpen() {
        return authenticator == null;
    }

    /** The verdict on a request with this {@code Authorization} header (or {@code null}) from {@code remote}. */
    CompletionStage<Verdict> check(String authorization, SocketAddress remote, SocketAddress local) {
        if (authenticator == null) {
            return CompletableFuture.completedFuture(Verdict.ALLOWED);
        }
        Optional<String[]> credentials = basicCredentials(authorization);
        if (credentials.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.UNAUTHENTICATED);
        }
        AuthenticationRequest request = new AuthenticationRequest(credentials.get()[0], credentials.get()[1], null,
                ConnectionInfo.plain("http", remote, local));
        try {
            return authenticator.authenticate(request, workers).handle(this::verdict);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Verdict.BUSY);
        }
    }

    private Verdict verdict(Optional<StompPrincipal> principal, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause instanceof RejectedExecutionException ? Verdict.BUSY : Verdict.UNAUTHENTICATED;
        }
        if (principal.isEmpty()) {
            return Verdict.UNAUTHENTICATED;
        }
        return principal.get().groups().contains(adminGroup) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }

    /** The login and password of {@code Basic base64(login:password)}, with a non-empty login. */
    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || authorization.length() <= BASIC.length()
                || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}
