package io.stompede.security;

import java.util.Optional;

/**
 * Authenticates against a {@link UsersFile}; see {@link UsersFile#authenticator(boolean)} for the
 * rules. An unknown login costs as much time as a wrong passcode, so that answer times do not
 * reveal which users exist.
 *
 * <p>Thread-safe: the file is immutable and the cache of verified credentials is concurrent.
 */
final class UsersFileAuthenticator implements Authenticator {
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
        String login = request.login();
        if (login == null || login.isEmpty()) {
            Optional<String> certified = ClientCertificates.commonName(request.connection());
            if (certified.isPresent()) {
                return users.user(certified.get()).map(UsersFile.User::principal);
            }
            return allowAnonymous ? Optional.of(StompPrincipal.ANONYMOUS) : Optional.empty();
        }
        String passcode = request.passcode() == null ? "" : request.passcode();
        Optional<UsersFile.User> user = users.user(login).filter(u -> u.password() != null);
        if (user.isEmpty()) {
            UNKNOWN_USER.matches(passcode);
            return Optional.empty();
        }
        if (verified.contains(login, passcode)) {
            return Optional.of(user.get().principal());
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
