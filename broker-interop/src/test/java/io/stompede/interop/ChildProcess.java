package io.stompede.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client program run as a child process (a stomp.py or stompjs script), with its standard output
 * and error merged and kept line by line, so that a test can wait for a line the script prints and
 * put the whole output into its failure message. Every wait is bounded; a script still running
 * when its time is up is killed. Thread-safe.
 */
final class ChildProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readOutput, "output of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code directory}. */
    static ChildProcess start(Path directory, List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            return new ChildProcess(String.join(" ", command), process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command + " in " + directory, e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.debug("{}: {}", name, line);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was killed while we read: what was read so far is the output.
            log.debug("output of {} ended: {}", name, e.toString());
        }
    }

    /**
     * Waits until the script prints a line matching {@code wanted}.
     *
     * @throws AssertionError with the output so far, when the script exits or the time runs out first
     */
    synchronized String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (wanted.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                throw new AssertionError("no expected line from " + name + " within " + timeout + "\n" + output());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /**
     * Waits for the script to exit with status 0.
     *
     * @throws AssertionError with the script's whole output, when it exits otherwise or runs past
     *     {@code timeout} (it is then killed)
     */
    void assertSucceeds(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " did not finish within " + timeout + "\n" + output());
        }
        reader.join(5_000);
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "\n" + output());
        }
    }

    /** Everything the script printed so far, one line per line. */
    synchronized String output() {
        return "--- output of " + name + " ---\n" + String.join("\n", lines) + "\n--- end ---";
    }

    /** Kills the script if it still runs; a test's cleanup must never leave one behind. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
