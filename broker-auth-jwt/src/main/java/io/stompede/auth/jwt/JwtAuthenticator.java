package io.stompede.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.Authenticator;
import io.stompede.security.StompPrincipal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates clients by a signed JSON Web Token, verified by Nimbus JOSE+JWT. The token is
 * the first of: the CONNECT's {@code Authorization: Bearer} header, the {@code passcode}, the
 * WebSocket handshake's {@code Authorization: Bearer} header (see
 * {@link AuthenticationRequest#token()}); an in-band refresh's {@code x-credentials} comes first.
 * A {@code login}, when given, must be the principal's name, so that what a client claims and
 * what the token proves never disagree in the logs; most clients can leave it out.
 *
 * <p>A token is accepted when its signature verifies with one of the configured keys under an
 * algorithm pinned to the key's kind (an HMAC secret for HS256/384/512 only; RSA keys for RS* and
 * PS*; EC keys for ES*; unsigned tokens never), its {@code iss} is the issuer and its {@code aud}
 * includes the audience, and it is valid now within the clock skew: {@code exp} (required) not
 * passed, {@code nbf} (if any) reached. Its principal claim (default {@code sub}) names the
 * principal; its groups claim (default {@code groups}), an array of strings or one space-separated
 * string, gives the groups that access rules grant rights to; the principal expires at {@code exp},
 * which the broker enforces on the live session. Every refusal looks the same to the client
 * (the broker's generic authentication ERROR); the reason is logged at debug level, never the token.
 *
 * <pre>{@code
 * Broker broker = Broker.builder()
 *         .authenticator(JwtAuthenticator.builder()
 *                 .jwksFile(Path.of("/etc/stompede/jwks.json"))
 *                 .issuer("https://login.example.com/")
 *                 .audience("stompede")
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>A plain {@link Authenticator}: the broker runs it on its authentication workers. Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {
    /** See {@link Builder#clockSkew}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** See {@link Builder#clockSkew}. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** The claims that name the principal and its groups unless configured otherwise. */
    public static final String DEFAULT_PRINCIPAL_CLAIM = "sub";
    public static final String DEFAULT_GROUPS_CLAIM = "groups";

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final Set<JWSAlgorithm> PUBLIC_KEY = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    // A compact JWS: three base64url parts, the first a JSON object ("{" encodes as "ey").
    private static final Pattern COMPACT_JWS = Pattern.compile("ey[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final String principalClaim;
    private final String groupsClaim;
    private final String description;

    private JwtAuthenticator(Builder builder, JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms) {
        this.principalClaim = builder.principalClaim;
        this.groupsClaim = builder.groupsClaim;
        Clock clock = builder.clock;
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(builder.audience),
                new JWTClaimsSet.Builder().issuer(builder.issuer).build(),
                Set.of("iss", "aud", "exp", principalClaim),
                Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(Math.toIntExact(builder.clockSkew.toSeconds()));
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier(claims);
        this.description = "JwtAuthenticator[" + String.join(" + ", builder.sources) + ", iss=" + builder.issuer + ", aud=" + builder.audience
                + ", algorithms=" + algorithms.stream().map(JWSAlgorithm::getName).sorted().toList() + "]";
    }

    /** Starts configuring one: a key source, the issuer and the audience are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code text} has the shape of a compact signed JWT (three base64url parts, the first
     * a JSON header); says nothing of its validity. For choosing between a token and a password.
     */
    public static boolean looksLikeJwt(String text) {
        return text != null && COMPACT_JWS.matcher(text).matches();
    }

    /**
     * This authenticator for tokens, {@code passwords} (such as a users file's) for the rest: a
     * request with a login and a passcode that is not shaped like a JWT, and no CONNECT
     * {@code Authorization} header, goes to {@code passwords}; any other request carrying a token
     * goes to this one; a request with neither (a client certificate, anonymous access) goes to
     * {@code passwords}.
     */
    public AsyncAuthenticator orPasswords(AsyncAuthenticator passwords) {
        return new TokenOrPassword(Authenticator.async(this), Objects.requireNonNull(passwords));
    }

    @Override
    public Optional<StompPrincipal> authenticate(AuthenticationRequest request) {
        Optional<String> token = request.token();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor.process(token.get(), null);
            StompPrincipal principal = principal(claims);
            if (request.login() != null && !request.login().isEmpty() && !request.login().equals(principal.name())) {
                LOG.debug("Token refused for {}: the login names another principal", request.connection());
                return Optional.empty();
            }
            return Optional.of(principal);
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            LOG.debug("Token refused for {}: {}", request.connection(), e.getMessage());
            return Optional.empty();
        }
    }

    private StompPrincipal principal(JWTClaimsSet claims) throws ParseException {
        String name = claims.getStringClaim(principalClaim);
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("no usable '" + principalClaim + "' claim");
        }
        return new StompPrincipal(name, groups(claims), claims.getExpirationTime().toInstant());
    }

    private Set<String> groups(JWTClaimsSet claims) throws ParseException {
        Object value = claims.getClaim(groupsClaim);
        if (value == null) {
            return Set.of();
        }
        List<String> names = value instanceof String text
                ? Arrays.asList(text.strip().split("\\s+"))
                : claims.getStringListClaim(groupsClaim);
        Set<String> groups = new LinkedHashSet<>();
        for (String group : names) {
            if (group != null && !group.isBlank()) {
                groups.add(group);
            }
        }
        return groups;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * Configures a {@link JwtAuthenticator}. At least one key source: {@link #hmacSecret},
     * {@link #publicKeys} or {@link #jwksFile}; given several, a token may be signed with any of
     * their keys, each still only under the algorithms of its kind. Confined to the thread that
     * configures it.
     */
    public static final class Builder {
        private final List<JWK> keys = new ArrayList<>();
        private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        private final List<String> sources = new ArrayList<>();
        private Path jwksFile;
        private String issuer;
        private String audience;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private String principalClaim = DEFAULT_PRINCIPAL_CLAIM;
        private String groupsClaim = DEFAULT_GROUPS_CLAIM;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Verifies HS256, HS384 and HS512 tokens with this shared secret, of at least 32 bytes
         * (HS384 and HS512 need 48 and 64); no other algorithm is accepted.
         */
        public Builder hmacSecret(byte[] secret) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("an HMAC secret needs at least 32 bytes (256 bits), not " + secret.length);
            }
            return keys(List.of(new OctetSequenceKey.Builder(secret.clone()).build()), HMAC, "HMAC secret");
        }

        /** The secret as the bytes of a file, minus a final line break: {@link #hmacSecret(byte[])}. */
        public Builder hmacSecretFile(Path file) throws IOException {
            String text = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
            return hmacSecret(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Verifies RS*, PS* (RSA keys) and ES* (EC keys) tokens with these keys; HMAC is not accepted. */
        public Builder publicKeys(PublicKey... publicKeys) {
            List<JWK> jwks = new ArrayList<>();
            for (PublicKey key : publicKeys) {
                jwks.add(PublicKeys.toJwk(key));
            }
            return keys(jwks, PUBLIC_KEY, jwks.size() + " public keys");
        }

        /** {@link #publicKeys(PublicKey...)} from PEM text: {@code PUBLIC KEY} or {@code CERTIFICATE} blocks. */
        public Builder publicKeysPem(String pem) {
            List<JWK> jwks = PublicKeys.fromPem(pem);
            return keys(jwks, PUBLIC_KEY, jwks.size() + " public keys");
        }

        /** {@link #publicKeysPem} from a file. */
        public Builder publicKeysFile(Path pemFile) throws IOException {
            return publicKeysPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        }

        /**
         * Verifies tokens with the keys of a JWKS file (RFC 7517), read again when it changes.
         * Each key verifies only the algorithms of its kind (an {@code oct} key HS*, an RSA key
         * RS* and PS*, an EC key ES*), and only its own {@code alg} when it names one; a token's
         * {@code kid} picks the key when given.
         */
        public Builder jwksFile(Path file) {
            this.jwksFile = Objects.requireNonNull(file);
            algorithms.addAll(HMAC);
            algorithms.addAll(PUBLIC_KEY);
            sources.add("JWKS " + file);
            return this;
        }

        /** The {@code iss} every token must have. Required. */
        public Builder issuer(String issuer) {
            this.issuer = requireText(issuer, "issuer");
            return this;
        }

        /** A value the {@code aud} of every token must include: this broker's name to the issuer. Required. */
        public Builder audience(String audience) {
            this.audience = requireText(audience, "audience");
            return this;
        }

        /**
         * How far the broker's and the issuer's clocks may disagree when judging {@code exp} and
         * {@code nbf}: default 60 s, at most {@link #MAX_CLOCK_SKEW}, whole seconds.
         */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /** The claim that names the principal; default {@code sub}. */
        public Builder principalClaim(String claim) {
            this.principalClaim = requireText(claim, "principal claim");
            return this;
        }

        /** The claim that lists the principal's groups; default {@code groups}. */
        public Builder groupsClaim(String claim) {
            this.groupsClaim = requireText(claim, "groups claim");
            return this;
        }

        /** The clock tokens are judged by; default the system clock. For tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The authenticator.
         *
         * @throws IOException when the JWKS file cannot be read or parsed
         * @throws IllegalStateException when no key source, issuer or audience was given
         */
        public JwtAuthenticator build() throws IOException {
            if (keys.isEmpty() && jwksFile == null) {
                throw new IllegalStateException("no key source: give an HMAC secret, public keys or a JWKS file");
            }
            if (issuer == null || audience == null) {
                throw new IllegalStateException("the issuer and the audience are required");
            }
            JWKSource<SecurityContext> fixed = new ImmutableJWKSet<>(new JWKSet(keys));
            JWKSource<SecurityContext> source = fixed;
            if (jwksFile != null) {
                JwksFile file = JwksFile.load(jwksFile, clock);
                source = keys.isEmpty() ? file : (selector, context) -> {
                    List<JWK> both = new ArrayList<>(fixed.get(selector, context));
                    both.addAll(file.get(selector, context));
                    return both;
                };
            }
            return new JwtAuthenticator(this, source, Set.copyOf(algorithms));
        }

        private Builder keys(List<JWK> jwks, Set<JWSAlgorithm> accepted, String description) {
            keys.addAll(jwks);
            algorithms.addAll(accepted);
            sources.add(description);
            return this;
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the " + what + " must not be empty");
            }
            return value;
        }
    }
}
