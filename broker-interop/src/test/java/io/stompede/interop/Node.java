package io.stompede.interop;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the stompjs scripts of {@code src/test/js} with {@code node}. Their packages come from
 * {@code npm ci} in that folder (the lock file is committed; .ci/run does it).
 */
final class Node {
    static final Path SCRIPTS = Path.of("src/test/js");

    private Node() {
    }

    /** Starts {@code script} against {@code url}; the caller waits for it. */
    static ChildProcess start(String script, String url) {
        return ChildProcess.start(SCRIPTS, List.of(System.getProperty("interop.node", "node"), script, url));
    }
}
