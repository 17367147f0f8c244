package io.stompede.netty.admin;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
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

    /** {@code promtool check metrics} on {@code scrape}. */
    static Verdict checkMetrics(String scrape) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(require().toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return new Verdict(process.exitValue(), output);
    }
}
