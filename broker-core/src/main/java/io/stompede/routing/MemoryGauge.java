package io.stompede.routing;

import io.stompede.message.Message;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes of queue messages held in memory against a cap. Past the cap, producers are
 * paused (their transports stop reading) until the count falls to the low mark, three quarters
 * of the cap, so the heap stops growing instead of the broker running out of it. Stored messages
 * are paged out to disk already from half the cap: below the low mark, so that a queue holding
 * its share of memory with nobody consuming never keeps producers of stored messages paused.
 *
 * <p>Thread-safe and lock-free.
 */
public final class MemoryGauge {
    private final long high;
    private final long low;
    private final long paging;
    private final AtomicLong bytes = new AtomicLong();
    private final ConcurrentLinkedQueue<Runnable> paused = new ConcurrentLinkedQueue<>();

    MemoryGauge(long cap) {
        this.high = cap;
        this.low = cap == Long.MAX_VALUE ? cap : cap / 4 * 3;
        this.paging = cap == Long.MAX_VALUE ? cap : cap / 2;
    }

    /** The bytes of queue messages held now. */
    public long bytes() {
        return bytes.get();
    }

    /** Whether producers must pause: the cap is reached. */
    public boolean isOverCap() {
        return bytes.get() >= high;
    }

    /** Whether stored queue messages should be kept on disk rather than in memory: half the cap is reached. */
    public boolean isPaging() {
        return bytes.get() >= paging;
    }

    /**
     * Runs {@code resume} once the count is at the low mark or below: at once if it already is
     * (the count may have fallen while the caller decided to pause), else from the thread that
     * brings it down.
     */
    public void resumeWhenLow(Runnable resume) {
        paused.add(resume);
        if (bytes.get() <= low) {
            resumePaused();
        }
    }

    void add(Message message) {
        bytes.addAndGet(message.sizeEstimate());
    }

    void remove(Message message) {
        if (bytes.addAndGet(-message.sizeEstimate()) <= low && !paused.isEmpty()) {
            resumePaused();
        }
    }

    private void resumePaused() {
        Runnable resume;
        while ((resume = paused.poll()) != null) {
            resume.run();
        }
    }
}
