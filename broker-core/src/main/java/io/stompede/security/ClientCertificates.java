package io.stompede.security;

import io.stompede.transport.ConnectionInfo;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The name a client certificate gives its holder: the common name (CN) of its subject. The
 * transport puts a certificate in {@link ConnectionInfo#peerCertificates()} only once TLS has
 * verified it against the configured trust store, so the name can be believed. Stateless.
 */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The subject CN of the client's own certificate (the first of its chain), if it presented one. */
    static Optional<String> commonName(ConnectionInfo connection) {
        if (connection == null || connection.peerCertificates().isEmpty()) {
            return Optional.empty();
        }
        Certificate own = connection.peerCertificates().get(0);
        if (!(own instanceof X509Certificate x509)) {
            return Optional.empty();
        }
        try {
            LdapName subject = new LdapName(x509.getSubjectX500Principal().getName(X500Principal.RFC2253));
            // The most specific CN is the last in RFC 2253 order, which LdapName lists first-to-last reversed.
            for (int i = subject.size() - 1; i >= 0; i--) {
                Rdn rdn = subject.getRdns().get(i);
                if (rdn.getType().equalsIgnoreCase("CN") && !rdn.getValue().toString().isEmpty()) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // A subject the JDK itself printed always parses; nothing to name otherwise.
        }
        return Optional.empty();
    }
}
