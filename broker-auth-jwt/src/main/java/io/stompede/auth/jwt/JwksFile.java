package io.stompede.auth.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a JWKS file, read again when the file changes: a key rotation is a new file, with no
 * restart. The file's modification time and size are looked at no more than once a second, on the
 * thread that verifies a token (an authentication worker); a file that no longer parses keeps the
 * keys read before, with a warning, so that a half-written file does not lock every client out.
 * An RSA key shorter than {@link PublicKeys#MIN_RSA_BITS} is left out, with a warning naming it,
 * as a PEM key is refused: here the file's other keys still verify, since the file may be written
 * by an identity provider rather than by whoever runs the broker.
 *
 * <p>Thread-safe: the keys are one immutable set swapped whole.
 */
final class JwksFile implements JWKSource<SecurityContext> {
    private static final Logger LOG = LoggerFactory.getLogger(JwksFile.class);
    private static final long CHECK_EVERY_MILLIS = 1_000;

    private final Path file;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile long checkedAt;

    private record Loaded(JWKSet keys, FileTime modified, long size) {
    }

    private JwksFile(Path file, Clock clock, Loaded loaded) {
        this.file = file;
        this.clock = clock;
        this.loaded = loaded;
        this.checkedAt = clock.millis();
    }

    /** Reads the file now; a file that cannot be read or parsed is a configuration error. */
    static JwksFile load(Path file, Clock clock) throws IOException {
        try {
            return new JwksFile(file, clock, read(file));
        } catch (ParseException e) {
            throw new IOException(file + ": not a JWK set: " + e.getMessage(), e);
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        reloadIfChanged();
        return selector.select(loaded.keys());
    }

    /** Rereads the file when its time or size changed; at most once a second. */
    void reloadIfChanged() {
        long now = clock.millis();
        if (now - checkedAt < CHECK_EVERY_MILLIS) {
            return;
        }
        synchronized (this) {
            if (now - checkedAt < CHECK_EVERY_MILLIS) {
                return;
            }
            checkedAt = now;
            Loaded current = loaded;
            try {
                if (Files.getLastModifiedTime(file).equals(current.modified()) && Files.size(file) == current.size()) {
                    return;
                }
                loaded = read(file);
                LOG.info("Reloaded {}: {} keys", file, loaded.keys().size());
            } catch (IOException | ParseException e) {
                LOG.warn("Cannot reload {} ({}); keeping the {} keys read before", file, e.getMessage(),
                        current.keys().size());
            }
        }
    }

    private static Loaded read(Path file) throws IOException, ParseException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        return new Loaded(strongEnough(JWKSet.load(file.toFile()), file), modified, size);
    }

    /** {@code keys} without the RSA keys that are too short, each named in a warning. */
    private static JWKSet strongEnough(JWKSet keys, Path file) {
        List<JWK> kept = new ArrayList<>();
        for (JWK key : keys.getKeys()) {
            if (key instanceof RSAKey rsa && rsa.size() < PublicKeys.MIN_RSA_BITS) {
                LOG.warn("{}: RSA key {} has {} bits, fewer than {}: it is not used, and tokens signed with it are refused",
                        file, rsa.getKeyID() == null ? "without a kid" : "'" + rsa.getKeyID() + "'", rsa.size(),
                        PublicKeys.MIN_RSA_BITS);
            } else {
                kept.add(key);
            }
        }
        return kept.size() == keys.size() ? keys : new JWKSet(kept);
    }

    @Override
    public String toString() {
        return "JwksFile[" + file + ", " + loaded.keys().size() + " keys]";
    }
}
