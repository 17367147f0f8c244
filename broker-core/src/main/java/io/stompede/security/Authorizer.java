package io.stompede.security;

/**
 * Decides what an authenticated client may do: whether a principal may SEND to a destination or
 * SUBSCRIBE to a destination or pattern. The broker asks on every SEND (also one held by a
 * transaction, when it arrives), every SUBSCRIBE and every SEND to an application destination,
 * and refuses with an ERROR that names the destination and never the rule.
 *
 * <p>Called from many sessions' threads at once: implementations must be thread-safe and fast.
 * A session remembers the answers it got for the destinations it used, so an implementation
 * must give the same answer for the same principal, permission and destination for the life of
 * a session, until the broker is told that the rules changed
 * ({@link io.stompede.Broker#recheckSessions}), when every session asks again.
 */
@FunctionalInterface
public interface Authorizer {
    /** Grants everything to everyone: the default, when no rules are configured. */
    Authorizer ALLOW_ALL = (principal, permission, destination) -> true;

    /**
     * Whether {@code principal} may do {@code permission} on {@code destination}. For
     * {@link Permission#SUBSCRIBE} the destination may be a wildcard pattern; granting it grants
     * every destination the pattern matches.
     */
    boolean allows(StompPrincipal principal, Permission permission, String destination);
}
