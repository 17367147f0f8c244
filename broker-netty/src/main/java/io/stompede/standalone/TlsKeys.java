package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.choice;
import static io.stompede.standalone.ValueTypes.existingFile;
import static io.stompede.standalone.ValueTypes.listOf;
import static io.stompede.standalone.ValueTypes.text;

import io.stompede.netty.Tls;
import java.nio.file.Path;
import java.util.List;

/**
 * The five keys of one TLS identity ({@code cert}, {@code key}, {@code ca}, {@code client-auth},
 * {@code ciphers}) under a section: {@code tls} for the identity every listener shares, and
 * {@code tcp.tls} and {@code websocket.tls} for a listener's own. Immutable.
 *
 * @param section    the section the keys are under
 * @param cert       the PEM certificate chain
 * @param key        the PEM PKCS#8 private key, not encrypted
 * @param ca         the PEM CA certificates that client certificates must chain to
 * @param clientAuth whether clients present a certificate
 * @param ciphers    the cipher suites to enable; empty for the provider's secure default
 */
record TlsKeys(String section, Key<Path> cert, Key<Path> key, Key<Path> ca, Key<Tls.ClientCertificates> clientAuth,
               Key<List<String>> ciphers) {

    /** The keys under {@code section}, documented as {@code whose} identity. */
    static TlsKeys under(String section, String whose) {
        return new TlsKeys(section,
                Key.combined(section + ".cert", existingFile(), null,
                        "PEM certificate chain, the server's certificate first, of " + whose + "; with "
                                + section + ".key it turns TLS on."),
                Key.combined(section + ".key", existingFile(), null, "PEM PKCS#8 private key (not encrypted) for "
                        + section + ".cert."),
                Key.combined(section + ".ca", existingFile(), null,
                        "PEM CA certificates that client certificates must chain to."),
                Key.combined(section + ".client-auth", choice(Tls.ClientCertificates.class), Tls.ClientCertificates.NONE,
                        "Ask clients for a certificate signed by " + section + ".ca: none, optional or required; "
                                + "its CN names the user."),
                Key.combined(section + ".ciphers", listOf(text("a cipher suite name", s -> !s.isBlank())), List.of(),
                        "Cipher suites to enable; empty for the TLS provider's secure set."));
    }

    List<Key<?>> keys() {
        return List.of(cert, key, ca, clientAuth, ciphers);
    }

    /**
     * The identity the settings describe, or {@code null} when {@code cert} is not set.
     *
     * @throws IllegalArgumentException when the keys set do not make an identity
     */
    Tls tls(Settings settings) {
        Path certificate = settings.get(cert);
        Path privateKey = settings.get(key);
        Tls.ClientCertificates mode = settings.get(clientAuth);
        List<String> suites = settings.get(ciphers);
        if (certificate == null) {
            if (privateKey != null || settings.get(ca) != null || mode != Tls.ClientCertificates.NONE
                    || !suites.isEmpty()) {
                throw new IllegalArgumentException(section + ".cert is not set, and the other keys of "
                        + section + " need it");
            }
            return null;
        }
        if (privateKey == null) {
            throw new IllegalArgumentException(section + ".key is not set: " + section + ".cert needs it");
        }
        Tls tls = Tls.pem(certificate, privateKey);
        if (!suites.isEmpty()) {
            tls = tls.withCiphers(suites);
        }
        if (mode != Tls.ClientCertificates.NONE) {
            if (settings.get(ca) == null) {
                throw new IllegalArgumentException(section + ".ca is not set: client certificates are checked against it");
            }
            tls = tls.withClientCertificates(mode, settings.get(ca));
        }
        return tls;
    }
}
