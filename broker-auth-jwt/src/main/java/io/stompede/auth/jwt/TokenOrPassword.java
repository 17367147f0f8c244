package io.stompede.auth.jwt;

import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.StompPrincipal;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Tokens to one authenticator, passwords to another; see {@link JwtAuthenticator#orPasswords}.
 * The choice is made on the request's shape alone, so that a client never has a password checked
 * as a token or the other way round, and no failure of one falls through to the other. Thread-safe.
 */
final class TokenOrPassword implements AsyncAuthenticator {
    private final AsyncAuthenticator tokens;
    private final AsyncAuthenticator passwords;

    TokenOrPassword(AsyncAuthenticator tokens, AsyncAuthenticator passwords) {
        this.tokens = tokens;
        this.passwords = passwords;
    }

    @Override
    public CompletionStage<Optional<StompPrincipal>> authenticate(AuthenticationRequest request, Executor workers) {
        return isPassword(request) || request.token().isEmpty()
                ? passwords.authenticate(request, workers)
                : tokens.authenticate(request, workers);
    }

    private static boolean isPassword(AuthenticationRequest request) {
        return request.bearerToken() == null && present(request.login()) && present(request.passcode())
                && !JwtAuthenticator.looksLikeJwt(request.passcode());
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return "TokenOrPassword[" + tokens + ", " + passwords + "]";
    }
}
