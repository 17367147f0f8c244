package io.stompede.session;

import io.stompede.admin.PrincipalSummary;
import io.stompede.application.SessionInfo;
import io.stompede.security.StompPrincipal;

/**
 * Whom the queues and durable subscriptions a session creates are counted against: its
 * principal, or for a client that gave no login, the anonymous principal at the client's address,
 * so that one anonymous client using up its quota does not use up every anonymous client's.
 * Stateless.
 */
final class QuotaOwner {
    private QuotaOwner() {
    }

    /** The quota owner of {@code session}: see {@link PrincipalSummary#nameOf}. */
    static String of(SessionInfo session) {
        StompPrincipal principal = session.principal();
        return PrincipalSummary.nameOf(principal.name(), StompPrincipal.ANONYMOUS.name().equals(principal.name()),
                session.connection().remoteAddress());
    }
}
