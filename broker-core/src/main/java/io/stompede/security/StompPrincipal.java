package io.stompede.security;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Who a session belongs to once authenticated: a name and the groups that authorization rules
 * may grant rights to. Immutable.
 */
public record StompPrincipal(String name, Set<String> groups) implements Principal {
    /** The principal of a client that gave no login where anonymous access is allowed. */
    public static final StompPrincipal ANONYMOUS = new StompPrincipal("anonymous", Set.of());

    public StompPrincipal {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
    }

    /** A principal in no groups: for an authenticator that only checks who a client is. */
    public static StompPrincipal named(String name) {
        return new StompPrincipal(name, Set.of());
    }

    @Override
    public String getName() {
        return name;
    }
}
