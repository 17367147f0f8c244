package io.stompede.session;

import io.stompede.application.SessionInfo;
import io.stompede.security.StompPrincipal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Whom the queues and durable subscriptions a session creates are counted against: its
 * principal, or for a client that gave no login, the anonymous principal at the client's address,
 * so that one anonymous client using up its quota does not use up every anonymous client's.
 * Stateless.
 */
final class QuotaOwner {
    private QuotaOwner() {
    }

    /** The quota owner of {@code session}: a principal name, or {@code anonymous@ADDRESS}. */
    static String of(SessionInfo session) {
        StompPrincipal principal = session.principal();
        if (!StompPrincipal.ANONYMOUS.equals(principal)) {
            return principal.name();
        }
        SocketAddress address = session.connection().remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return principal.name() + "@" + inet.getAddress().getHostAddress();
        }
        return address == null ? principal.name() : principal.name() + "@" + address;
    }
}
