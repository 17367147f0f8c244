package io.stompede.netty;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many connections the process's open-file limit leaves room for: every connection is a file
 * descriptor, and a server that accepts past the limit fails on its journal and its next accept
 * instead of refusing one client cleanly. A tenth of the limit (at least 64) stays for the journal's
 * segments, the jars, the listeners and the event loops. Stateless.
 */
final class FileLimit {
    /** Where the JVM cannot tell its limit (not a Unix): a figure any current system allows. */
    static final int UNKNOWN_LIMIT_CONNECTIONS = 10_000;

    private FileLimit() {
    }

    /** The connections this process can hold open at once, by its open-file limit. */
    static int connectionsAllowed() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return connectionsAllowed(unix.getMaxFileDescriptorCount());
        }
        return UNKNOWN_LIMIT_CONNECTIONS;
    }

    static int connectionsAllowed(long openFileLimit) {
        if (openFileLimit <= 0) {
            return UNKNOWN_LIMIT_CONNECTIONS;
        }
        long reserve = Math.max(64, openFileLimit / 10);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, openFileLimit - reserve));
    }
}
