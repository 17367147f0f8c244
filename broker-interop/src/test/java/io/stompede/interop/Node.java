package io.stompede.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stompjs scripts of {@code src/test/js} with {@code node}. Their packages come from
 * {@code npm ci} in that folder (the lock file is committed; .ci/run does it).
 */
final class Node {
    static final Path SCRIPTS = Path.of("src/test/js");

    private Node() {
    }

    /** Starts {@code script} with these arguments (a broker's URL first); the caller waits for it. */
    static ChildProcess start(String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("interop.node", "node"), script));
        command.addAll(List.of(arguments));
        return ChildProcess.start(SCRIPTS, command);
    }
}
