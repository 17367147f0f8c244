package io.stompede;

import io.stompede.routing.Router;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets queues that stayed empty with no consumer for the configured time, on a thread of its
 * own, so that a client naming ever new queues cannot make the broker keep them all. It looks
 * four times per timeout (at most every 15 s), so a queue goes within a quarter timeout late.
 * Thread-safe; {@link #close} stops it.
 */
final class IdleQueueReclaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdleQueueReclaimer.class);
    private static final long MIN_PERIOD_MILLIS = 10;
    private static final long MAX_PERIOD_MILLIS = 15_000;

    private final ScheduledExecutorService timer;

    private IdleQueueReclaimer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts reclaiming {@code router}'s idle queues, or nothing for a zero timeout. */
    static IdleQueueReclaimer start(Router router, Duration timeout) {
        if (timeout.isZero()) {
            return new IdleQueueReclaimer(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stompede-idle-queues");
            thread.setDaemon(true);
            return thread;
        });
        long idleMillis = timeout.toMillis();
        long period = Math.max(MIN_PERIOD_MILLIS, Math.min(MAX_PERIOD_MILLIS, idleMillis / 4));
        timer.scheduleWithFixedDelay(() -> reclaim(router, idleMillis), period, period, TimeUnit.MILLISECONDS);
        return new IdleQueueReclaimer(timer);
    }

    private static void reclaim(Router router, long idleMillis) {
        try {
            int reclaimed = router.reclaimIdleQueues(idleMillis);
            if (reclaimed > 0) {
                LOG.debug("Forgot {} idle queues", reclaimed);
            }
        } catch (RuntimeException e) {
            // A failed sweep must not end the timer; the next one tries again.
            LOG.error("Reclaiming idle queues failed", e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
