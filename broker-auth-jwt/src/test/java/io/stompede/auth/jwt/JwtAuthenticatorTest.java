package io.stompede.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.ConnectionInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Token verification: each key source, and every way a token must be refused. */
@Timeout(30)
class JwtAuthenticatorTest {
    private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final ConnectionInfo TCP = ConnectionInfo.plain("tcp", null, null);

    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @TempDir
    Path dir;

    private JwtAuthenticator.Builder configured() {
        return JwtAuthenticator.builder().issuer("https://issuer.example").audience("stompede").clock(clock);
    }

    private JwtAuthenticator hmac() throws Exception {
        return configured().hmacSecret(SECRET).build();
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer("https://issuer.example")
                .audience("stompede")
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim("groups", List.of("chat", "admins"));
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String hs256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder builder = claims();
        change.accept(builder);
        return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, builder.build());
    }

    private static AuthenticationRequest passcode(String token) {
        return new AuthenticationRequest(null, token, null, TCP);
    }

    private static KeyPair rsa() throws Exception {
        return rsa(2048);
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    @DisplayName("an HS256 token in the passcode names the principal, its groups and its expiry")
    void hmacToken() throws Exception {
        Optional<StompPrincipal> principal = hmac().authenticate(passcode(hs256(c -> { })));

        assertThat(principal).contains(new StompPrincipal("alice", Set.of("chat", "admins"), NOW.plusSeconds(300)));
    }

    @Test
    @DisplayName("the token may come from CONNECT's Authorization header or the WebSocket handshake's, the CONNECT's first")
    void tokenSources() throws Exception {
        JwtAuthenticator authenticator = hmac();
        String alice = hs256(c -> { });
        String bob = hs256(c -> c.subject("bob"));
        ConnectionInfo webSocket = ConnectionInfo.plain("websocket", null, null).withAuthorization("Bearer " + alice);

        assertThat(authenticator.authenticate(new AuthenticationRequest(null, null, null, webSocket)))
                .map(StompPrincipal::name).contains("alice");
        assertThat(authenticator.authenticate(new AuthenticationRequest(null, null, null, webSocket, bob)))
                .map(StompPrincipal::name).contains("bob");
        assertThat(authenticator.authenticate(new AuthenticationRequest(null, bob, null, webSocket)))
                .map(StompPrincipal::name).contains("bob");
        assertThat(webSocket.toString()).doesNotContain(alice);
    }

    @Test
    @DisplayName("a login, when given, must be the token's principal")
    void loginMustMatch() throws Exception {
        String token = hs256(c -> { });
        assertThat(hmac().authenticate(new AuthenticationRequest("alice", token, null, TCP))).isPresent();
        assertThat(hmac().authenticate(new AuthenticationRequest("mallory", token, null, TCP))).isEmpty();
    }

    @Test
    @DisplayName("groups may be one space-separated string; other claims may name the principal and groups")
    void claimsConfigured() throws Exception {
        JwtAuthenticator authenticator = configured().hmacSecret(SECRET).principalClaim("preferred_username")
                .groupsClaim("scope").build();
        String token = hs256(c -> c.claim("preferred_username", "al").claim("scope", "read write"));

        assertThat(authenticator.authenticate(passcode(token)))
                .contains(new StompPrincipal("al", Set.of("read", "write"), NOW.plusSeconds(300)));
    }

    @Test
    @DisplayName("tampered, wrong audience, wrong issuer, expired, not yet valid and exp-less tokens are refused")
    void refusals() throws Exception {
        JwtAuthenticator authenticator = hmac();
        String good = hs256(c -> { });
        String[] parts = good.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().subject("root").build().toString().getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + otherClaims + "." + parts[2];

        assertThat(authenticator.authenticate(passcode(tampered))).as("tampered").isEmpty();
        assertThat(authenticator.authenticate(passcode(good.substring(0, good.length() - 2) + "AA"))).as("bad signature").isEmpty();
        assertThat(authenticator.authenticate(passcode(hs256(c -> c.audience("other"))))).as("audience").isEmpty();
        assertThat(authenticator.authenticate(passcode(hs256(c -> c.issuer("https://evil.example"))))).as("issuer").isEmpty();
        assertThat(authenticator.authenticate(passcode(hs256(c -> c.expirationTime(null))))).as("no exp").isEmpty();
        assertThat(authenticator.authenticate(passcode(hs256(c -> c.subject(null))))).as("no sub").isEmpty();
        assertThat(authenticator.authenticate(passcode("not a token"))).as("garbage").isEmpty();
        assertThat(authenticator.authenticate(passcode(
                sign(new MACSigner("another-secret-of-thirty-two-bytes-or-more".getBytes(StandardCharsets.UTF_8)),
                        JWSAlgorithm.HS256, claims().build())))).as("other secret").isEmpty();
    }

    @Test
    @DisplayName("exp and nbf are judged with the clock skew, 60 s by default")
    void clockSkew() throws Exception {
        JwtAuthenticator authenticator = hmac();
        String expiresNow = hs256(c -> c.expirationTime(Date.from(NOW)));
        String notBeforeSoon = hs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(30))));
        String notBeforeLater = hs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(90))));

        now = NOW.plusSeconds(59);
        assertThat(authenticator.authenticate(passcode(expiresNow))).as("within skew").isPresent();
        now = NOW.plusSeconds(61);
        assertThat(authenticator.authenticate(passcode(expiresNow))).as("expired beyond skew").isEmpty();
        now = NOW;
        assertThat(authenticator.authenticate(passcode(notBeforeSoon))).as("nbf within skew").isPresent();
        assertThat(authenticator.authenticate(passcode(notBeforeLater))).as("nbf beyond skew").isEmpty();

        assertThatThrownBy(() -> configured().clockSkew(Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class);
        JwtAuthenticator strict = configured().hmacSecret(SECRET).clockSkew(Duration.ZERO).build();
        now = NOW.plusSeconds(1);
        assertThat(strict.authenticate(passcode(expiresNow))).isEmpty();
    }

    @Test
    @DisplayName("RSA and EC public keys from PEM verify RS256, PS256 and ES256 tokens")
    void publicKeys() throws Exception {
        KeyPair rsa = rsa();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        JwtAuthenticator authenticator = configured().publicKeysPem(pem(rsa.getPublic()) + pem(ec.getPublic())).build();

        assertThat(authenticator.authenticate(passcode(sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256,
                claims().build())))).isPresent();
        assertThat(authenticator.authenticate(passcode(sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.PS256,
                claims().build())))).isPresent();
        assertThat(authenticator.authenticate(passcode(sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                JWSAlgorithm.ES256, claims().build())))).isPresent();
        assertThat(authenticator.authenticate(passcode(sign(new RSASSASigner(rsa().getPrivate()), JWSAlgorithm.RS256,
                claims().build())))).as("another RSA key").isEmpty();
    }

    @Test
    @DisplayName("no algorithm confusion: an HMAC token keyed with the public key, or an unsigned one, is refused")
    void algorithmConfusionAndNone() throws Exception {
        KeyPair rsa = rsa();
        String pem = pem(rsa.getPublic());
        JwtAuthenticator publicKey = configured().publicKeysPem(pem).build();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).build()).toString());
        JwtAuthenticator fromFile = configured().jwksFile(jwks).build();

        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.US_ASCII), rsa.getPublic().getEncoded())) {
            String confused = sign(new MACSigner(secret), JWSAlgorithm.HS256, claims().build());
            assertThat(publicKey.authenticate(passcode(confused))).isEmpty();
            assertThat(fromFile.authenticate(passcode(confused))).isEmpty();
        }
        String unsigned = new PlainJWT(claims().build()).serialize();
        assertThat(publicKey.authenticate(passcode(unsigned))).isEmpty();
        assertThat(hmac().authenticate(passcode(unsigned))).isEmpty();
        assertThat(hmac().authenticate(passcode(sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256,
                claims().build())))).as("RS256 against an HMAC secret").isEmpty();
    }

    @Test
    @DisplayName("a JWKS file verifies by kid, and is read again when it changes: a rotated key works, the old one no more")
    void jwksFileReload() throws Exception {
        KeyPair first = rsa();
        KeyPair second = rsa();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(new RSAKey.Builder((RSAPublicKey) first.getPublic()).keyID("k1").build()).toString());
        JwtAuthenticator authenticator = configured().jwksFile(jwks).build();
        String byFirst = signRs256(first, "k1");
        String bySecond = signRs256(second, "k2");

        assertThat(authenticator.authenticate(passcode(byFirst))).isPresent();
        assertThat(authenticator.authenticate(passcode(bySecond))).isEmpty();

        Files.writeString(jwks, new JWKSet(new RSAKey.Builder((RSAPublicKey) second.getPublic()).keyID("k2").build()).toString());
        Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(5)));
        now = NOW.plusSeconds(2);
        assertThat(authenticator.authenticate(passcode(bySecond))).as("the rotated key").isPresent();
        assertThat(authenticator.authenticate(passcode(byFirst))).as("the retired key").isEmpty();

        Files.writeString(jwks, "{ half written");
        Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(10)));
        now = NOW.plusSeconds(4);
        assertThat(authenticator.authenticate(passcode(bySecond))).as("a broken file keeps the keys").isPresent();
    }

    @Test
    @DisplayName("an RSA key of fewer than 2048 bits in a JWKS file is not used, on load and on reload; the file's other keys are")
    void jwksFileShortRsaKeyIsNotUsed() throws Exception {
        KeyPair strong = rsa();
        KeyPair weak = rsa(1024);
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) weak.getPublic()).keyID("weak").build(),
                new RSAKey.Builder((RSAPublicKey) strong.getPublic()).keyID("strong").build())).toString());
        JwtAuthenticator authenticator = configured().jwksFile(jwks).build();

        assertThat(authenticator.authenticate(passcode(signRs256(weak, "weak")))).as("the short key").isEmpty();
        assertThat(authenticator.authenticate(passcode(signRs256(strong, "strong")))).as("the other key").isPresent();

        KeyPair weakAgain = rsa(1024);
        Files.writeString(jwks, new JWKSet(new RSAKey.Builder((RSAPublicKey) weakAgain.getPublic()).build()).toString());
        Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(5)));
        now = NOW.plusSeconds(2);
        assertThat(authenticator.authenticate(passcode(signRs256(weakAgain, null)))).as("a short key reloaded, no kid")
                .isEmpty();
    }

    private static String signRs256(KeyPair pair, String keyId) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims().build());
        // Weak keys allowed here, so that tokens signed with a short key reach the broker to be refused there.
        jwt.sign(new RSASSASigner(pair.getPrivate(), Set.of(AllowWeakRSAKey.getInstance())));
        return jwt.serialize();
    }

    @Test
    @DisplayName("configuration mistakes fail at build: short secret, no key source, no issuer or audience, small RSA key")
    void configurationErrors() throws Exception {
        assertThatThrownBy(() -> configured().hmacSecret(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configured().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).audience("a").build())
                .isInstanceOf(IllegalStateException.class);
        KeyPair small = rsa(1024);
        assertThatThrownBy(() -> configured().publicKeys(small.getPublic())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configured().publicKeysPem(pem(small.getPublic()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configured().publicKeysPem("nothing here")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("with passwords beside it, a login and a non-JWT passcode go to the passwords, tokens to the JWT check")
    void tokenOrPassword() throws Exception {
        List<String> askedPasswords = new java.util.ArrayList<>();
        var combined = hmac().orPasswords((request, workers) -> {
            askedPasswords.add(request.login());
            return java.util.concurrent.CompletableFuture.completedFuture(Optional.of(StompPrincipal.named(request.login())));
        });
        java.util.concurrent.Executor here = Runnable::run;

        assertThat(combined.authenticate(new AuthenticationRequest("bob", "bob-pw", null, TCP), here)
                .toCompletableFuture().join()).map(StompPrincipal::name).contains("bob");
        assertThat(combined.authenticate(new AuthenticationRequest("alice", hs256(c -> { }), null, TCP), here)
                .toCompletableFuture().join()).map(StompPrincipal::expiresAt).contains(NOW.plusSeconds(300));
        assertThat(combined.authenticate(new AuthenticationRequest(null, "whatever", null, TCP), here)
                .toCompletableFuture().join()).as("no login, a non-token passcode: the JWT check refuses").isEmpty();
        assertThat(askedPasswords).containsExactly("bob");
        assertThat(JwtAuthenticator.looksLikeJwt(hs256(c -> { }))).isTrue();
        assertThat(JwtAuthenticator.looksLikeJwt("secret.with.dots")).isFalse();
    }
}
