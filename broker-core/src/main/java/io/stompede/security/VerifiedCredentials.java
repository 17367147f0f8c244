package io.stompede.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers logins whose passcode was verified, so that a client reconnecting with the same
 * credentials costs one HMAC, answered on the session's thread, instead of a full PBKDF2 run that
 * takes a turn on the broker's authentication workers. Only a keyed digest of the passcode is
 * kept, under a key made at random for this process; failures are never remembered. Bounded: past its capacity it starts afresh.
 *
 * <p>Thread-safe.
 */
final class VerifiedCredentials {
    static final int DEFAULT_CAPACITY = 10_000;
    private static final String MAC = "HmacSHA256";

    private final int capacity;
    private final SecretKeySpec key;
    private final ConcurrentHashMap<String, byte[]> digests = new ConcurrentHashMap<>();

    VerifiedCredentials(int capacity) {
        this.capacity = capacity;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC);
    }

    boolean contains(String login, String passcode) {
        byte[] known = digests.get(login);
        return known != null && MessageDigest.isEqual(known, digest(login, passcode));
    }

    void add(String login, String passcode) {
        if (digests.size() >= capacity) {
            digests.clear();
        }
        digests.put(login, digest(login, passcode));
    }

    private byte[] digest(String login, String passcode) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            mac.update(login.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(passcode.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC + " is part of every Java 17 runtime", e);
        }
    }
}
