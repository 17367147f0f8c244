package io.stompede.netty;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
    static SslContext forServer(Tls tls) throws IOException {
        for (Path file : List.of(tls.certificateChain(), tls.privateKey())) {
            if (!Files.isReadable(file)) {
                throw new NoSuchFileException(file.toString(), null, "TLS file is missing or not readable");
            }
        }
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        log.debug("TLS for {} through {}", tls.certificateChain(), provider);
        return SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .build();
    }
}
