package io.stompede.interop;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * Whether the third-party clients are installed. On a developer's machine without them the
 * interop tests are skipped with a note saying what to install, so that {@code mvn test} works
 * on a fresh machine with only Java and Maven; CI installs them and sets
 * {@code STOMPEDE_INTEROP_REQUIRED=true}, which turns a missing client into a failure.
 */
final class ClientAvailability {
    private ClientAvailability() {
    }

    /** Skips (or, in CI, fails) the calling test class unless stomp.py can be imported. */
    static void requireStompPy() {
        if (!pythonImportsStomp()) {
            missing("stomp.py is not installed for " + Python.interpreter() + ": apt-get install -y python3-stomp");
        }
    }

    /** Skips (or, in CI, fails) the calling test class unless node and the locked packages are there. */
    static void requireStompJs() {
        if (!Files.isDirectory(Node.SCRIPTS.resolve("node_modules/@stomp/stompjs")) || !runs("node", "--version")) {
            missing("@stomp/stompjs is not installed: apt-get install -y nodejs npm, then npm ci in "
                    + Node.SCRIPTS.toAbsolutePath());
        }
    }

    /** Skips (or, in CI, fails) the calling test unless stomp.py and pytest can be imported. */
    static void requirePytest() {
        requireStompPy();
        if (!runs(Python.interpreter(), "-c", "import pytest")) {
            missing("pytest is not installed for " + Python.interpreter() + ": apt-get install -y python3-pytest");
        }
    }

    private static boolean pythonImportsStomp() {
        return runs(Python.interpreter(), "-c", "import stomp");
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void missing(String what) {
        if ("true".equals(System.getenv("STOMPEDE_INTEROP_REQUIRED"))) {
            throw new AssertionError(what);
        }
        abort(what + " (skipped; CI runs these tests)");
    }
}
