package io.stompede.session;

import io.stompede.message.Message;
import io.stompede.routing.MemoryGauge;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on what a detached session keeps for its client while it is away: a count and a byte
 * size over all its topic subscriptions, counted on the broker's memory gauge (the resume buffers
 * have one account there, so that under memory pressure queues over their share pay first, and
 * these buffers take nothing more). What does not fit is counted as missed, for the
 * {@code x-resume-missed} header; the messages that fit are the first ones, so that what the
 * client gets is contiguous from where it left.
 *
 * <p>Thread-safe: publishers admit messages from their own threads.
 */
final class AwayBuffer {
    private final int maxMessages;
    private final long maxBytes;
    private final MemoryGauge gauge;
    private final MemoryGauge.Account account;
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private volatile boolean full;

    AwayBuffer(int maxMessages, long maxBytes, MemoryGauge gauge, MemoryGauge.Account account) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.gauge = gauge;
        this.account = account;
    }

    /**
     * Whether {@code message} may wait for the client; {@code false} counts it missed. Once one
     * message was missed, every later one is too, so that no gap opens in the middle of what is kept.
     */
    boolean admit(Message message) {
        int size = message.sizeEstimate();
        if (full || gauge.isUnderPressure()) {
            return miss();
        }
        if (messages.incrementAndGet() > maxMessages || bytes.addAndGet(size) > maxBytes) {
            messages.decrementAndGet();
            bytes.addAndGet(-size);
            return miss();
        }
        account.add(size);
        return true;
    }

    private boolean miss() {
        full = true;
        missed.incrementAndGet();
        return false;
    }

    /** Ends the buffer: its bytes leave the gauge; returns how many messages were missed. */
    long finish() {
        full = true;
        account.remove(bytes.getAndSet(0));
        messages.set(0);
        return missed.get();
    }
}
