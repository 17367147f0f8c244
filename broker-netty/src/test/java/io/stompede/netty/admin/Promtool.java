package io.stompede.netty.admin;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker ({@code promtool check metrics}, Debian's {@code prometheus} package)
 * run on a scrape: it parses the text format and lints names, types and help. Where it is not
 * installed the calling test is skipped with a note; in CI ({@code STOMPEDE_INTEROP_REQUIRED=true})
 * it fails instead.
 */
final class Promtool {
    /** What it said and how it ended. */
    record Verdict(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Path require() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String what = "promtool is not installed: apt-get install -y prometheus";
        if ("true".equals(System.getenv("STOMPEDE_INTEROP_REQUIRED"))) {
            throw new AssertionError(what);
        }
        abort(what + " (skipped; CI runs this test)");
        throw new AssertionError("unreachable");
    }

    /**
     * {@code promtool check metrics} on {@code scrape}. Its input and output are files, the output
     * read once it ended: a promtool that hangs fails the test after 30 s rather than blocking a
     * write or a read forever.
     */
    static Verdict checkMetrics(String scrape) throws IOException, InterruptedException {
        Path input = Files.createTempFile("promtool", ".in");
        Path output = Files.createTempFile("promtool", ".out");
        try {
            Files.writeString(input, scrape, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(require().toString(), "check", "metrics")
                    .redirectInput(input.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("promtool did not finish within 30 s; it said: " + Files.readString(output));
                }
            } finally {
                process.destroyForcibly();
            }
            return new Verdict(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }
}
