package io.stompede.session;

import io.stompede.message.Message;
import io.stompede.routing.MemoryGauge;

/**
 * The bound on what a detached session keeps for its client while it is away: a count and a byte
 * size over all its topic subscriptions, counted on the broker's memory gauge (the resume buffers
 * have one account there, so that under memory pressure queues over their share pay first, and
 * these buffers take nothing more). What does not fit is counted as missed, for the
 * {@code x-resume-missed} header; the messages that fit are the first ones, so that what the
 * client gets is contiguous from where it left.
 *
 * <p>Thread-safe: publishers admit messages from their own threads, and the session's thread
 * finishes the buffer. One lock orders the two, so that a message admitted while the buffer
 * finishes is either counted and removed from the gauge with the rest, or not counted at all;
 * it is only ever taken while the session is detached.
 */
final class AwayBuffer {
    private final int maxMessages;
    private final long maxBytes;
    private final MemoryGauge gauge;
    private final MemoryGauge.Account account;
    // Guarded by this.
    private int messages;
    private long bytes;
    private long missed;
    private boolean full;
    private boolean finished;

    AwayBuffer(int maxMessages, long maxBytes, MemoryGauge gauge, MemoryGauge.Account account) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.gauge = gauge;
        this.account = account;
    }

    /**
     * Whether {@code message} may wait for the client; {@code false} counts it missed. Once one
     * message was missed, every later one is too, so that no gap opens in the middle of what is
     * kept. Once the buffer is finished, every message may wait, uncounted: the client is back
     * (or the session ends and discards it), and no bound applies any more.
     */
    synchronized boolean admit(Message message) {
        if (finished) {
            return true;
        }
        int size = message.sizeEstimate();
        if (full || gauge.isUnderPressure() || messages + 1 > maxMessages || bytes + size > maxBytes) {
            full = true;
            missed++;
            return false;
        }
        messages++;
        bytes += size;
        account.add(size);
        return true;
    }

    /** Ends the buffer: its bytes leave the gauge; returns how many messages were missed. */
    synchronized long finish() {
        finished = true;
        account.remove(bytes);
        bytes = 0;
        messages = 0;
        return missed;
    }
}
