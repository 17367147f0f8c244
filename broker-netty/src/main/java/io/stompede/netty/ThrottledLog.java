package io.stompede.netty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that a stranger can trigger at will (a refused PROXY header, a broken one) must not
 * let that stranger fill the log: the first occurrence in each interval is logged at warn, the rest
 * at debug, and the next warning says how many were demoted meanwhile.
 *
 * <p>Thread-safe.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextWarnNanos;
    private final AtomicLong demoted = new AtomicLong();

    ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextWarnNanos = new AtomicLong(System.nanoTime());
    }

    /** Logs at warn if none was logged in the interval, else at debug. */
    void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        long next = nextWarnNanos.get();
        if (now - next >= 0 && nextWarnNanos.compareAndSet(next, now + intervalNanos)) {
            long skipped = demoted.getAndSet(0);
            if (log.isWarnEnabled()) {
                log.warn(skipped == 0 ? format
                        : format + " (and " + skipped + " more at debug level since the last warning)", arguments);
            }
        } else {
            demoted.incrementAndGet();
            log.debug(format, arguments);
        }
    }
}
