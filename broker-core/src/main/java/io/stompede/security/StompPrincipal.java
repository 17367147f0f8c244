package io.stompede.security;

import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a session belongs to once authenticated: a name, the groups that authorization rules may
 * grant rights to, and, for credentials that do not last (a token with an {@code exp} claim), when
 * they expire. A session whose principal has an expiry is warned shortly before it, may present
 * new credentials in-band, and is closed with ERROR {@code credentials expired} at it. Immutable.
 *
 * @param name      the principal's name, which quotas, durable subscription names and access rules use
 * @param groups    the groups that access rules may grant rights to
 * @param expiresAt when the credentials that proved this principal expire, or {@code null} for never
 */
public record StompPrincipal(String name, Set<String> groups, Instant expiresAt) implements Principal {
    /** The principal of a client that gave no login where anonymous access is allowed. */
    public static final StompPrincipal ANONYMOUS = new StompPrincipal("anonymous", Set.of());

    public StompPrincipal {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
    }

    /** A principal whose credentials do not expire: what a password or a client certificate proves. */
    public StompPrincipal(String name, Set<String> groups) {
        this(name, groups, null);
    }

    /** A principal in no groups: for an authenticator that only checks who a client is. */
    public static StompPrincipal named(String name) {
        return new StompPrincipal(name, Set.of());
    }

    /** When the credentials expire, if they do. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** This principal with credentials that expire at {@code expiresAt} ({@code null}: never). */
    public StompPrincipal withExpiry(Instant expiresAt) {
        return new StompPrincipal(name, groups, expiresAt);
    }

    @Override
    public String getName() {
        return name;
    }
}
