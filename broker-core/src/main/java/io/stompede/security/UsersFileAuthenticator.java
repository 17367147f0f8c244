package io.stompede.security;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Authenticates against a {@link UsersFile}; see {@link UsersFile#authenticator(boolean)} for the
 * rules. An unknown login costs as much time as a wrong passcode, so that answer times do not
 * reveal which users exist.
 *
 * <p>As an {@link AsyncAuthenticator} it answers at once what needs no password hash (a client
 * certificate, anonymous access, a passcode verified before) and runs every PBKDF2 check, the
 * unknown user's included, on the broker's workers: one check takes a large fraction of a second.
 *
 * <p>Thread-safe: the file is immutable and the cache of verified credentials is concurrent.
 */
final class UsersFileAuthenticator implements Authenticator, AsyncAuthenticator {
    /** Checked against when the login is unknown, only to spend the same time. */
    private static final PasswordHash UNKNOWN_USER = PasswordHash.parse(PasswordHash.hash("unknown".toCharArray()));

    private final UsersFile users;
    private final boolean allowAnonymous;
    private final VerifiedCredentials verified = new VerifiedCredentials(VerifiedCredentials.DEFAULT_CAPACITY);

    UsersFileAuthenticator(UsersFile users, boolean allowAnonymous) {
        this.users = users;
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public Optional<StompPrincipal> authenticate(AuthenticationRequest request) {
        return authenticate(request, Runnable::run).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<Optional<StompPrincipal>> authenticate(AuthenticationRequest request, Executor workers) {
        String login = request.login();
        if (login == null || login.isEmpty()) {
            Optional<String> certified = ClientCertificates.commonName(request.connection());
            if (certified.isPresent()) {
                return CompletableFuture.completedFuture(users.user(certified.get()).map(UsersFile.User::principal));
            }
            return CompletableFuture.completedFuture(
                    allowAnonymous ? Optional.of(StompPrincipal.ANONYMOUS) : Optional.empty());
        }
        String passcode = request.passcode() == null ? "" : request.passcode();
        Optional<UsersFile.User> user = users.user(login).filter(u -> u.password() != null);
        if (user.isPresent() && verified.contains(login, passcode)) {
            return CompletableFuture.completedFuture(Optional.of(user.get().principal()));
        }
        return CompletableFuture.supplyAsync(() -> check(login, passcode, user), workers);
    }

    /** Checks the passcode with PBKDF2, slow on purpose; an unknown user costs the same. */
    private Optional<StompPrincipal> check(String login, String passcode, Optional<UsersFile.User> user) {
        if (user.isEmpty()) {
            UNKNOWN_USER.matches(passcode);
            return Optional.empty();
        }
        if (!user.get().password().matches(passcode)) {
            return Optional.empty();
        }
        verified.add(login, passcode);
        return Optional.of(user.get().principal());
    }

    @Override
    public String toString() {
        return "UsersFileAuthenticator[" + users.users().size() + " users, anonymous "
                + (allowAnonymous ? "allowed" : "refused") + "]";
    }
}
