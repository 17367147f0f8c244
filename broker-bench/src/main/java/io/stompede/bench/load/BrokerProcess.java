package io.stompede.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's memory as the operating system and, for a JVM, the heap see it: resident set
 * from {@code /proc/PID/status}, live heap through {@code jcmd} after a full collection; and the
 * CPU time it has used, from {@code /proc/PID/stat}.
 */
final class BrokerProcess {
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) whatever the kernel's own rate. */
    private static final long NANOS_PER_TICK = 10_000_000;

    private final long pid;

    BrokerProcess(long pid) {
        this.pid = pid;
    }

    OptionalLong rssKb() throws IOException {
        Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** User and system CPU time of all the process's threads so far, in nanoseconds (10 ms steps). */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // After the command name in parentheses come the fields from the third on: utime is the 14th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** Heap in use after a full GC, or empty when the process is no JVM that jcmd can reach. */
    OptionalLong liveHeapKb() throws InterruptedException {
        if (jcmd("GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = jcmd("GC.heap_info");
        if (info == null) {
            return OptionalLong.empty();
        }
        long used = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            // Metaspace is not heap; every generation or region line with "used" is.
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? OptionalLong.of(used) : OptionalLong.empty();
    }

    private String jcmd(String command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 && !output.contains("Exception") ? output : null;
        } catch (IOException e) {
            return null;
        }
    }
}
