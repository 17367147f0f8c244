package io.stompede.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stomp.py scripts of {@code src/test/python} with Debian's Python, which is where
 * {@code apt-get install python3-stomp} puts the library ({@code python3} on the PATH may be
 * another interpreter without it). {@code -Dinterop.python=...} names a different interpreter.
 */
final class Python {
    static final Path SCRIPTS = Path.of("src/test/python");

    private Python() {
    }

    static String interpreter() {
        String configured = System.getProperty("interop.python");
        if (configured != null) {
            return configured;
        }
        Path debian = Path.of("/usr/bin/python3");
        return Files.isExecutable(debian) ? debian.toString() : "python3";
    }

    /** Runs {@code script} against the broker's TCP port and fails with its output unless it exits 0. */
    static void runScript(String script, int port, Duration timeout) throws InterruptedException {
        runScript(script, timeout, "--port", Integer.toString(port));
    }

    /** Runs the pytest tests of {@code file} with these options, and fails with pytest's output unless all pass. */
    static void runPytest(String file, Duration timeout, String... options) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(interpreter(), "-m", "pytest", "-q", "-p", "no:cacheprovider", file));
        command.addAll(List.of(options));
        try (ChildProcess process = ChildProcess.start(SCRIPTS, command)) {
            process.assertSucceeds(timeout);
        }
    }

    /** Runs {@code script} with these arguments after {@code --host 127.0.0.1}, as {@link #runScript(String, int, Duration)}. */
    static void runScript(String script, Duration timeout, String... arguments) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(interpreter(), "-u", script, "--host", "127.0.0.1"));
        command.addAll(List.of(arguments));
        try (ChildProcess process = ChildProcess.start(SCRIPTS, command)) {
            process.assertSucceeds(timeout);
        }
    }
}
