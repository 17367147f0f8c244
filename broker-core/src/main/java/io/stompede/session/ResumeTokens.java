package io.stompede.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Resume tokens: 192 random bits from {@link SecureRandom}, URL-safe Base64 (32 characters, no
 * padding, so that no STOMP header escape is needed), and the key a token is known by inside the
 * broker and in a cluster's store: its SHA-256, so that whoever reads the registry or Redis learns
 * no token that would resume a session. A token is never logged. Thread-safe.
 */
final class ResumeTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 24;
    private static final int MAX_TOKEN_LENGTH = 64;

    private ResumeTokens() {
    }

    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key of {@code token}; {@code null} for a value no token of ours can be (too long to hash for nothing). */
    static String keyOf(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
