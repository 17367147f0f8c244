package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.duration;
import static io.stompede.standalone.ValueTypes.existingFile;
import static io.stompede.standalone.ValueTypes.text;

import io.stompede.BrokerBuilder;
import io.stompede.auth.jwt.JwtAuthenticator;
import io.stompede.security.SecurityFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The keys of who may connect and what they may do, beyond the users and rules files' own
 * ({@link BrokerKeys#USERS}, {@link BrokerKeys#ACL}): how often those files are looked at for
 * changes, the JSON Web Token check ({@link JwtAuthenticator}), and the warning before a session's
 * credentials expire. One call applies them all, since the authenticator depends on several:
 * a users file alone checks passwords; a token key alone checks tokens; both check a login with a
 * passcode that is not a JWT against the users file and every token with the JWT check (see
 * {@link JwtAuthenticator#orPasswords}). Immutable.
 */
final class SecurityKeys {
    private static final ValueType<String> NAME = text("a non-empty name", s -> !s.isBlank());

    static final Key<Duration> RELOAD_INTERVAL = Key.combined("security.reload-interval", duration(Duration.ofMillis(1)),
            SecurityFiles.DEFAULT_POLL_INTERVAL,
            "How often the users and access rules files are looked at; a changed one is reloaded, and sessions "
                    + "whose rights are gone are closed.");
    static final Key<Duration> CREDENTIALS_WARNING = Key.of("security.credentials-warning", duration(Duration.ZERO),
            BrokerBuilder.DEFAULT_CREDENTIALS_WARNING,
            "How long before a session's credentials (a token's exp) expire it is warned on /stompede/session.",
            (b, v) -> b.broker().credentialsWarning(v));
    static final Key<Path> JWT_HMAC_SECRET_FILE = Key.combined("security.jwt.hmac-secret-file", existingFile(), null,
            "File holding the shared secret (32 bytes or more) that HS256/384/512 tokens are signed with.");
    static final Key<Path> JWT_PUBLIC_KEY = Key.combined("security.jwt.public-key", existingFile(), null,
            "PEM file of the RSA or EC public keys (or certificates) that RS*, PS* and ES* tokens are signed with.");
    static final Key<Path> JWT_JWKS_FILE = Key.combined("security.jwt.jwks-file", existingFile(), null,
            "JWKS file of the keys tokens are signed with, reloaded when it changes.");
    static final Key<String> JWT_ISSUER = Key.combined("security.jwt.issuer", NAME, null,
            "The iss every token must have; required with a token key.");
    static final Key<String> JWT_AUDIENCE = Key.combined("security.jwt.audience", NAME, null,
            "A value the aud of every token must include; required with a token key.");
    static final Key<Duration> JWT_CLOCK_SKEW = Key.combined("security.jwt.clock-skew", duration(Duration.ofSeconds(1)),
            JwtAuthenticator.DEFAULT_CLOCK_SKEW, "How far clocks may disagree when judging exp and nbf; at most 5m.");
    static final Key<String> JWT_PRINCIPAL_CLAIM = Key.combined("security.jwt.principal-claim", NAME,
            JwtAuthenticator.DEFAULT_PRINCIPAL_CLAIM, "The token claim that names the principal.");
    static final Key<String> JWT_GROUPS_CLAIM = Key.combined("security.jwt.groups-claim", NAME,
            JwtAuthenticator.DEFAULT_GROUPS_CLAIM,
            "The token claim that lists the principal's groups: an array, or one space-separated string.");

    static final List<Key<?>> KEYS = List.of(RELOAD_INTERVAL, CREDENTIALS_WARNING, JWT_HMAC_SECRET_FILE, JWT_PUBLIC_KEY,
            JWT_JWKS_FILE, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_SKEW, JWT_PRINCIPAL_CLAIM, JWT_GROUPS_CLAIM);

    static final List<Combined> COMBINED = List.of(Combined.of(SecurityKeys::apply, BrokerKeys.USERS,
            BrokerKeys.ALLOW_ANONYMOUS, BrokerKeys.ACL, RELOAD_INTERVAL, JWT_HMAC_SECRET_FILE, JWT_PUBLIC_KEY,
            JWT_JWKS_FILE, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_SKEW, JWT_PRINCIPAL_CLAIM, JWT_GROUPS_CLAIM));

    private SecurityKeys() {
    }

    private static void apply(Builders b, Settings s) throws IOException {
        Path users = s.get(BrokerKeys.USERS);
        Path rules = s.get(BrokerKeys.ACL);
        SecurityFiles files = null;
        if (users != null || rules != null) {
            SecurityFiles.Builder builder = SecurityFiles.builder().pollInterval(s.get(RELOAD_INTERVAL));
            if (users != null) {
                builder.users(users, s.get(BrokerKeys.ALLOW_ANONYMOUS));
            }
            if (rules != null) {
                builder.accessRules(rules);
            }
            files = builder.build();
            b.securityFiles(files);
            if (rules != null) {
                b.broker().authorizer(files.authorizer());
            }
        }
        JwtAuthenticator jwt = jwt(s);
        if (jwt != null && users != null) {
            b.broker().authenticator(jwt.orPasswords(files.authenticator()));
        } else if (jwt != null) {
            b.broker().authenticator(jwt);
        } else if (users != null) {
            b.broker().authenticator(files.authenticator());
        }
    }

    /** The token check the keys configure, or {@code null} when no token key is given. */
    private static JwtAuthenticator jwt(Settings s) throws IOException {
        long sources = Stream.of(s.get(JWT_HMAC_SECRET_FILE), s.get(JWT_PUBLIC_KEY), s.get(JWT_JWKS_FILE))
                .filter(Objects::nonNull).count();
        if (sources == 0) {
            if (s.get(JWT_ISSUER) != null || s.get(JWT_AUDIENCE) != null) {
                throw new IllegalArgumentException("a token issuer or audience needs a token key: "
                        + "security.jwt.hmac-secret-file, public-key or jwks-file");
            }
            return null;
        }
        if (s.get(JWT_ISSUER) == null || s.get(JWT_AUDIENCE) == null) {
            throw new IllegalArgumentException("a token key needs security.jwt.issuer and security.jwt.audience");
        }
        JwtAuthenticator.Builder jwt = JwtAuthenticator.builder().issuer(s.get(JWT_ISSUER)).audience(s.get(JWT_AUDIENCE))
                .clockSkew(s.get(JWT_CLOCK_SKEW)).principalClaim(s.get(JWT_PRINCIPAL_CLAIM))
                .groupsClaim(s.get(JWT_GROUPS_CLAIM));
        if (s.get(JWT_HMAC_SECRET_FILE) != null) {
            jwt.hmacSecretFile(s.get(JWT_HMAC_SECRET_FILE));
        }
        if (s.get(JWT_PUBLIC_KEY) != null) {
            jwt.publicKeysFile(s.get(JWT_PUBLIC_KEY));
        }
        if (s.get(JWT_JWKS_FILE) != null) {
            jwt.jwksFile(s.get(JWT_JWKS_FILE));
        }
        return jwt.build();
    }
}
