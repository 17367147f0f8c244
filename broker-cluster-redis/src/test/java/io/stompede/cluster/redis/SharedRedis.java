package io.stompede.cluster.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis for every test of a class, registered as a static {@code @RegisterExtension}:
 * started before the first test, in a folder of its own, and stopped and removed after the last.
 */
final class SharedRedis implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private RedisServer server;

    /** The running server; only from a test or a {@code @BeforeEach}. */
    RedisServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("stompede-redis");
        server = RedisServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException, IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(SharedRedis::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
