package io.stompede.netty;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a listener's TLS identity comes from: a PEM certificate chain (the server's certificate
 * first, then its intermediates) and a PEM PKCS#8 private key that is not encrypted. The files are
 * read when the server starts, so a bad file fails {@link StompServer.Builder#start()} rather than
 * the first client's handshake. Immutable.
 *
 * @param certificateChain the PEM certificate chain file
 * @param privateKey       the PEM PKCS#8 private key file
 */
public record Tls(Path certificateChain, Path privateKey) {
    public Tls {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** TLS from a PEM certificate chain file and a PEM PKCS#8 key file. */
    public static Tls pem(Path certificateChain, Path privateKey) {
        return new Tls(certificateChain, privateKey);
    }
}
