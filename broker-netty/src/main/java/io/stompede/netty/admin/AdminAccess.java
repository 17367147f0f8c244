package io.stompede.netty.admin;

import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.Authenticator;
import io.stompede.security.LoginThrottle;
import io.stompede.security.StompPrincipal;
import io.stompede.security.UsersFile;
import io.stompede.transport.ConnectionInfo;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the admin endpoint: with a users file, a request's HTTP Basic credentials must be
 * a user's, checked by the file's own authenticator (an unknown user costs as much as a wrong
 * password; a password verified once is known by a keyed digest afterwards), and the user must be
 * in the admin group. Without a users file everyone is let in: {@link AdminServer} allows that
 * only on a loopback address. Passwords are never logged nor kept.
 *
 * <p>Guessing is slowed down per address by a {@link LoginThrottle}, as for STOMP logins: after
 * the second wrong password from an address, its next check waits its turn (on the admin event
 * loop's timer, not on a worker), and one that would wait longer than the throttle's maximum is
 * refused at once ({@link Verdict#THROTTLED}, unchecked), so that a flood of bogus credentials
 * never fills the login workers. A browser sends its credentials again with every request, so
 * credentials that passed once are known afterwards by a keyed digest of their header (a bounded
 * table, its key made at start) and skip the throttle: an administrator whose address failed
 * recently is slowed down only until one login succeeded.
 *
 * <p>Thread-safe. {@link #check} returns at once: the password hash, slow on purpose, runs on the
 * admin's login workers, never on the event loop that asks.
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
        BUSY,
        /** Too many wrong passwords from this address lately; refused without a check: 429. */
        THROTTLED
    }

    /** A login throttle and the longest it makes an address wait. */
    record Throttle(LoginThrottle throttle, Duration maxDelay) {
        /** As for STOMP logins (see {@code BrokerBuilder.loginThrottle}): 1 s after a second failure, up to 15 s. */
        static Throttle standard() {
            return of(Duration.ofSeconds(1), Duration.ofSeconds(15));
        }

        static Throttle of(Duration initialDelay, Duration maxDelay) {
            return new Throttle(new LoginThrottle(initialDelay, maxDelay, LoginThrottle.DEFAULT_MAX_ADDRESSES),
                    maxDelay);
        }
    }

    private static final String BASIC = "basic ";
    private static final String MAC = "HmacSHA256";
    /** Credentials remembered as good, for the throttle only; the least recently used go first. */
    private static final int MAX_KNOWN = 1000;

    private final AsyncAuthenticator authenticator;
    private final String adminGroup;
    private final Executor workers;
    private final LoginThrottle throttle;
    private final ScheduledExecutorService timer;
    private final long retryAfterSeconds;
    private final SecretKeySpec key;
    // Keyed digests (hex) of Authorization headers whose password was right; guarded by itself.
    private final Map<String, Boolean> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_KNOWN;
        }
    };

    private AdminAccess(AsyncAuthenticator authenticator, String adminGroup, Executor workers, Throttle throttle,
                        ScheduledExecutorService timer) {
        this.authenticator = authenticator;
        this.adminGroup = adminGroup;
        this.workers = workers;
        this.throttle = throttle.throttle();
        this.retryAfterSeconds = Math.max(1, (throttle.maxDelay().toMillis() + 999) / 1000);
        this.timer = timer;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC);
    }

    /**
     * Lets in users of {@code users} in {@code adminGroup}, their passwords checked on
     * {@code workers} and throttled by {@code throttle} (the delayed checks waiting on
     * {@code timer}); everyone when {@code users} is {@code null}.
     */
    static AdminAccess of(UsersFile users, String adminGroup, Executor workers, Throttle throttle,
                          ScheduledExecutorService timer) {
        if (users == null) {
            return new AdminAccess(null, adminGroup, workers, throttle, timer);
        }
        Authenticator plain = users.authenticator(false);
        AsyncAuthenticator authenticator = plain instanceof AsyncAuthenticator async ? async
                : (request, pool) -> CompletableFuture.supplyAsync(() -> plain.authenticate(request), pool);
        return new AdminAccess(authenticator, adminGroup, workers, throttle, timer);
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
        String digest = digest(authorization);
        long wait = isKnown(digest) ? 0 : throttle.reserve(remote);
        if (wait == LoginThrottle.REFUSE) {
            return CompletableFuture.completedFuture(Verdict.THROTTLED);
        }
        if (wait == 0) {
            return authenticate(request, remote, digest);
        }
        // This address failed recently: the check waits its turn on the timer, no worker held meanwhile.
        CompletableFuture<Verdict> later = new CompletableFuture<>();
        try {
            timer.schedule(() -> authenticate(request, remote, digest).whenComplete((verdict, failure) -> {
                if (failure != null) {
                    later.completeExceptionally(failure);
                } else {
                    later.complete(verdict);
                }
            }), wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Verdict.BUSY);
        }
        return later;
    }

    /** How long a throttled client should wait before it tries again, in whole seconds: a {@code Retry-After}. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private CompletionStage<Verdict> authenticate(AuthenticationRequest request, SocketAddress remote, String digest) {
        try {
            return authenticator.authenticate(request, workers)
                    .handle((principal, failure) -> verdict(principal, failure, remote, digest));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Verdict.BUSY);
        }
    }

    private Verdict verdict(Optional<StompPrincipal> principal, Throwable failure, SocketAddress remote,
                            String digest) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            // The workers' own trouble does not count against the address.
            return cause instanceof RejectedExecutionException ? Verdict.BUSY : Verdict.UNAUTHENTICATED;
        }
        if (principal == null || principal.isEmpty()) {
            throttle.failed(remote);
            return Verdict.UNAUTHENTICATED;
        }
        remember(digest);
        return principal.get().groups().contains(adminGroup) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }

    private boolean isKnown(String digest) {
        synchronized (known) {
            return known.get(digest) != null;
        }
    }

    private void remember(String digest) {
        synchronized (known) {
            known.put(digest, Boolean.TRUE);
        }
    }

    /** A keyed digest of the header: a heap dump shows no password, nor anything to guess it from offline. */
    private String digest(String authorization) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no " + MAC, e);
        }
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
