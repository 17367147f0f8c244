package io.stompede.transport;

import java.net.SocketAddress;
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
 */
public record ConnectionInfo(String transport, SocketAddress remoteAddress, SocketAddress localAddress,
                             boolean secure, List<Certificate> peerCertificates) {
    public ConnectionInfo {
        Objects.requireNonNull(transport, "transport");
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** A plain connection with no certificates. */
    public static ConnectionInfo plain(String transport, SocketAddress remote, SocketAddress local) {
        return new ConnectionInfo(transport, remote, local, false, List.of());
    }
}
