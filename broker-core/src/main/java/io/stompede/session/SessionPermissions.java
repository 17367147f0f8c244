package io.stompede.session;

import io.stompede.frame.StompProtocolException;
import io.stompede.security.Authorizer;
import io.stompede.security.Permission;
import io.stompede.security.StompPrincipal;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's answers from the {@link Authorizer}, remembered per destination: a producer
 * sending to the same few destinations asks the authorizer once per destination, and the SEND
 * path costs a hash lookup. Bounded: past {@link #MAX_REMEMBERED} destinations it starts afresh.
 *
 * <p>Confined to the session's thread.
 */
final class SessionPermissions {
    static final int MAX_REMEMBERED = 256;
    private static final Logger LOG = LoggerFactory.getLogger(SessionPermissions.class);

    private final Authorizer authorizer;
    private final Map<String, Boolean> send = new HashMap<>();
    private final Map<String, Boolean> subscribe = new HashMap<>();

    SessionPermissions(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Refuses, with the ERROR that says what was denied, what the principal may not do. */
    void check(StompPrincipal principal, Permission permission, String destination) throws StompProtocolException {
        if (!allows(principal, permission, destination)) {
            throw new StompProtocolException("access denied", "You may not "
                    + (permission == Permission.SEND ? "send to" : "subscribe to") + " '" + destination + "'.");
        }
    }

    /** Forgets every answer, for rules that changed or a principal whose groups did. */
    void forget() {
        send.clear();
        subscribe.clear();
    }

    boolean allows(StompPrincipal principal, Permission permission, String destination) {
        if (authorizer == Authorizer.ALLOW_ALL) {
            return true;
        }
        Map<String, Boolean> remembered = permission == Permission.SEND ? send : subscribe;
        Boolean allowed = remembered.get(destination);
        if (allowed == null) {
            allowed = ask(principal, permission, destination);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(destination, allowed);
        }
        return allowed;
    }

    private boolean ask(StompPrincipal principal, Permission permission, String destination) {
        try {
            return authorizer.allows(principal, permission, destination);
        } catch (RuntimeException e) {
            // A broken authorizer must not open the door: deny, and say why in the log.
            LOG.error("The authorizer failed on {} {} for {}; denied", permission, destination, principal.name(), e);
            return false;
        }
    }
}
