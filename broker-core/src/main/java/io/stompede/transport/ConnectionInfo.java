package io.stompede.transport;

import java.net.SocketAddress;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What the transport knows of a connection's peer. Immutable.
 *
 * @param transport         a short name such as {@code tcp}, {@code websocket} or {@code in-memory}
 * @param remoteAddress     the peer's address, or {@code null} when there is none
 * @param localAddress      the address the peer connected to, or {@code null}
 * @param secure            whether the connection is encrypted (TLS)
 * @param peerCertificates  the client's certificate chain when it presented one, else empty
 * @param authorization     the {@code Authorization} header of the WebSocket handshake, or {@code null}
 *                          (TCP, or none sent); a credential, so {@link #toString} leaves it out
 * @param principal         who the transport's host authenticated the peer as before the broker saw
 *                          it (a web framework's WebSocket session user, as the Spring Boot starter's
 *                          bridge passes it), or {@code null}: for an authenticator that trusts its
 *                          host, as one trusts a verified client certificate. The broker's own
 *                          listeners never set it.
 */
public record ConnectionInfo(String transport, SocketAddress remoteAddress, SocketAddress localAddress,
                             boolean secure, List<Certificate> peerCertificates, String authorization,
                             Principal principal) {
    public ConnectionInfo {
        Objects.requireNonNull(transport, "transport");
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** A connection with no {@code Authorization} header and no principal of its host's. */
    public ConnectionInfo(String transport, SocketAddress remoteAddress, SocketAddress localAddress, boolean secure,
                          List<Certificate> peerCertificates) {
        this(transport, remoteAddress, localAddress, secure, peerCertificates, null, null);
    }

    /** A plain connection with no certificates. */
    public static ConnectionInfo plain(String transport, SocketAddress remote, SocketAddress local) {
        return new ConnectionInfo(transport, remote, local, false, List.of());
    }

    /** This connection as one whose handshake carried {@code authorization}. */
    public ConnectionInfo withAuthorization(String authorization) {
        return new ConnectionInfo(transport, remoteAddress, localAddress, secure, peerCertificates, authorization,
                principal);
    }

    /** This connection as one whose host authenticated its peer as {@code principal}. */
    public ConnectionInfo withPrincipal(Principal principal) {
        return new ConnectionInfo(transport, remoteAddress, localAddress, secure, peerCertificates, authorization,
                principal);
    }

    @Override
    public String toString() {
        return "ConnectionInfo[transport=" + transport + ", remoteAddress=" + remoteAddress + ", localAddress="
                + localAddress + ", secure=" + secure + ", peerCertificates=" + peerCertificates.size()
                + (authorization == null ? "" : ", authorization=(hidden)")
                + (principal == null ? "" : ", principal=" + principal.getName()) + "]";
    }
}
