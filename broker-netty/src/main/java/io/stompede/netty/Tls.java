package io.stompede.netty;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A listener's TLS set-up: its identity, a PEM certificate chain (the server's certificate first,
 * then its intermediates) and a PEM PKCS#8 private key that is not encrypted; optionally the cipher
 * suites to offer and whether clients must present a certificate (mutual TLS), checked against a
 * PEM file of trusted CA certificates. Only TLS 1.2 and 1.3 are ever offered. The files are read
 * when the server starts, so a bad file fails {@link StompServerBuilder#start()} rather than the
 * first client's handshake. Immutable.
 *
 * <p>A verified client certificate reaches the broker's authenticator in the request's
 * connection details; the built-in authenticators take its subject CN as the user's name.
 *
 * @param certificateChain    the PEM certificate chain file
 * @param privateKey          the PEM PKCS#8 private key file
 * @param ciphers             cipher suites to enable, by JDK or OpenSSL name; empty for the provider's secure default
 * @param clientCertificates  whether clients present a certificate
 * @param trustedCertificates PEM file of the CA certificates that client certificates must chain to;
 *                            {@code null} when {@code clientCertificates} is {@link ClientCertificates#NONE}
 */
public record Tls(Path certificateChain, Path privateKey, List<String> ciphers, ClientCertificates clientCertificates,
                  Path trustedCertificates) {

    /** Whether a client must, may or need not present a certificate during the handshake. */
    public enum ClientCertificates {
        /** No client certificate is asked for. */
        NONE,
        /** One is asked for; a client without one still connects (and must log in otherwise). */
        OPTIONAL,
        /** A client without a certificate trusted by the CA file fails the handshake. */
        REQUIRED
    }

    public Tls {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        ciphers = List.copyOf(ciphers);
        Objects.requireNonNull(clientCertificates, "clientCertificates");
        if (clientCertificates != ClientCertificates.NONE && trustedCertificates == null) {
            throw new IllegalArgumentException("client certificates need a file of trusted CA certificates");
        }
    }

    /** TLS with no client certificates and the provider's default ciphers. */
    public Tls(Path certificateChain, Path privateKey) {
        this(certificateChain, privateKey, List.of(), ClientCertificates.NONE, null);
    }

    /** TLS from a PEM certificate chain file and a PEM PKCS#8 key file. */
    public static Tls pem(Path certificateChain, Path privateKey) {
        return new Tls(certificateChain, privateKey);
    }

    /** The same with only these cipher suites enabled (for TLS 1.2 and 1.3 alike). */
    public Tls withCiphers(List<String> enabledCiphers) {
        return new Tls(certificateChain, privateKey, enabledCiphers, clientCertificates, trustedCertificates);
    }

    /** The same asking clients for certificates that chain to a CA in {@code trustedCaFile} (PEM). */
    public Tls withClientCertificates(ClientCertificates mode, Path trustedCaFile) {
        return new Tls(certificateChain, privateKey, ciphers, mode, trustedCaFile);
    }
}
