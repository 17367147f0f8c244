package io.stompede.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, written in the self-describing form
 * {@code $pbkdf2-sha256$i=ITERATIONS$SALT$HASH} (salt and hash in unpadded Base64), so that a
 * users file can raise the iteration count for new entries while old ones still verify.
 * Stateless and thread-safe.
 */
public final class PasswordHash {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a hash is refused as too weak to be worth storing. */
    public static final int MIN_ITERATIONS = 1_000;
    private static final String PREFIX = "$pbkdf2-sha256$i=";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes {@code password} (which must not be empty) with a fresh random salt and
     * {@link #DEFAULT_ITERATIONS}. PBKDF2 hashes the password's UTF-8 bytes, so any other
     * implementation of PBKDF2-HMAC-SHA256 can check the result.
     */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** Hashes {@code password} with a fresh random salt and the given iteration count. */
    public static String hash(char[] password, int iterations) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between " + MIN_ITERATIONS + " and "
                    + MAX_ITERATIONS + ", was " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations)).encoded();
    }

    /**
     * Parses an encoded hash.
     *
     * @throws IllegalArgumentException when {@code encoded} is not in this class's form
     */
    public static PasswordHash parse(String encoded) {
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a $pbkdf2-sha256$ hash");
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a $pbkdf2-sha256$ hash has iterations, salt and hash");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count out of range: " + iterations);
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] salt = base64.decode(parts[1]);
        byte[] hash = base64.decode(parts[2]);
        if (salt.length < 8 || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("salt or hash of the wrong length");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} is the one hashed; the comparison takes the same time wherever they differ. */
    public boolean matches(char[] password) {
        if (password.length == 0) {
            return false;    // never hashed: hash() refuses empty passwords
        }
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** The same check for a passcode as it arrives in a header. */
    boolean matches(String password) {
        char[] chars = password.toCharArray();
        try {
            return matches(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** The encoded form, as stored in a users file. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256, " + iterations + " iterations]";
    }
}
