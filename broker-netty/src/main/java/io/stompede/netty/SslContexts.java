package io.stompede.netty;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds server TLS contexts. Stateless. */
final class SslContexts {
    /** Older protocol versions have known weaknesses and no client we serve needs them. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final Logger log = LoggerFactory.getLogger(SslContexts.class);

    private SslContexts() {
    }

    /**
     * A server context for {@code tls}: OpenSSL (BoringSSL) when netty-tcnative is on the class
     * path, because it is faster and lighter per connection, the JDK's engine otherwise.
     */
    /** One context per distinct TLS setting among {@code listeners}, built once however many share it. */
    static Map<Tls, SslContext> forListeners(List<ListenerSpec> listeners) throws IOException {
        Map<Tls, SslContext> contexts = new HashMap<>();
        for (ListenerSpec listener : listeners) {
            if (listener.tls() != null && !contexts.containsKey(listener.tls())) {
                contexts.put(listener.tls(), forServer(listener.tls()));
            }
        }
        return contexts;
    }

    static SslContext forServer(Tls tls) throws IOException {
        return forServer(tls, OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    /** The same through a given provider; for tests that check both engines. */
    static SslContext forServer(Tls tls, SslProvider provider) throws IOException {
        List<Path> files = tls.trustedCertificates() == null
                ? List.of(tls.certificateChain(), tls.privateKey())
                : List.of(tls.certificateChain(), tls.privateKey(), tls.trustedCertificates());
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new NoSuchFileException(file.toString(), null, "TLS file is missing or not readable");
            }
        }
        log.debug("TLS for {} through {}", tls.certificateChain(), provider);
        SslContextBuilder builder = SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
                .sslProvider(provider)
                .protocols(PROTOCOLS);
        if (!tls.ciphers().isEmpty()) {
            builder.ciphers(tls.ciphers());
        }
        if (tls.clientCertificates() != Tls.ClientCertificates.NONE) {
            builder.trustManager(tls.trustedCertificates().toFile())
                    .clientAuth(tls.clientCertificates() == Tls.ClientCertificates.REQUIRED
                            ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS from " + tls.certificateChain() + ": " + e.getMessage(), e);
        }
    }
}
