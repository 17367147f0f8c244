package io.stompede.routing;

import io.stompede.message.Message;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes of queue messages held in memory, in total and per queue, against one cap,
 * and decides who bears the pressure when memory runs short: only the queues over their share,
 * never everyone. A queue's share is the cap divided among the queues that hold messages now
 * plus one, so that there is always room for one more: a queue alone may take half the cap.
 *
 * <ul>
 *   <li>Below half the cap nothing happens.</li>
 *   <li>From half the cap (<em>pressure</em>), stored messages are paged out to disk where the store
 *       can read them back, and a producer whose SEND lands on a queue over its share is paused
 *       (its transport stops reading) until that queue is back under three quarters of its share,
 *       or memory is down to three eighths of the cap. Producers to other queues, and to topics,
 *       carry on.</li>
 *   <li>From the cap, a message that would stay in memory is refused for a queue over its share.</li>
 *   <li>At the ceiling, half again above the cap, it is refused for every queue but one that has
 *       consumers and is under its share: one that is being drained. That ceiling is the bound on
 *       memory, reached only when many queues fill at once with nobody consuming them.</li>
 * </ul>
 * Why shares and not one switch: with one cap for everyone, one client filling unconsumed queues
 * stopped every producer of the broker, even those sending to topics, and kept them stopped after
 * it left (the way a broker-wide memory alarm blocks every publisher). Here the queue that holds
 * the memory is the one that answers for it.
 *
 * <p>Thread-safe and lock-free.
 */
public final class MemoryGauge {
    private final long cap;
    private final long ceiling;
    private final long pressure;
    private final long pressureLow;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger holding = new AtomicInteger();
    // Accounts with paused producers, to resume once memory is down to three eighths of the cap.
    private final ConcurrentLinkedQueue<Account> waiting = new ConcurrentLinkedQueue<>();

    MemoryGauge(long cap) {
        this.cap = cap;
        boolean unlimited = cap == Long.MAX_VALUE;
        this.ceiling = unlimited ? cap : cap + cap / 2;
        this.pressure = unlimited ? cap : cap / 2;
        this.pressureLow = unlimited ? cap : pressure / 4 * 3;
    }

    /** The bytes of queue messages held now. */
    public long bytes() {
        return bytes.get();
    }

    /** Whether memory is at half the cap or more: stored messages page out and over-share producers pause. */
    public boolean isUnderPressure() {
        return bytes.get() >= pressure;
    }

    /** A new account for one queue's messages, or for another holder of message bytes. */
    public Account account() {
        return new Account();
    }

    private long share() {
        return cap / (holding.get() + 1);
    }

    private void added(long size) {
        bytes.addAndGet(size);
    }

    /**
     * Uncounts {@code size} bytes; {@code queueEmptied} when a queue gave up its last byte, which
     * raises every other queue's share, so paused producers whose queue is now under its share
     * resume even if their own queue does not move.
     */
    private void removed(long size, boolean queueEmptied) {
        if (bytes.addAndGet(-size) <= pressureLow && !waiting.isEmpty()) {
            Account account;
            while ((account = waiting.poll()) != null) {
                account.listed.set(false);
                account.resumeAll();
            }
        } else if (queueEmptied && !waiting.isEmpty()) {
            for (Account account : waiting) {
                if (account.isRelieved()) {
                    account.resumeAll();
                }
            }
        }
    }

    /**
     * One queue's part of the count, and the producers paused for it. Thread-safe: messages are
     * counted in from the queue's lock and out from any thread.
     */
    public final class Account {
        private final AtomicLong held = new AtomicLong();
        private final ConcurrentLinkedQueue<Runnable> paused = new ConcurrentLinkedQueue<>();
        // Whether the account is in the gauge's list of accounts with paused producers.
        private final AtomicBoolean listed = new AtomicBoolean();

        private Account() {
        }

        /** The bytes of this queue's messages in memory. */
        public long bytes() {
            return held.get();
        }

        /** Whether a producer sending here should pause: memory is under pressure and this queue is over its share. */
        public boolean isOverShare() {
            return isUnderPressure() && held.get() >= share();
        }

        /**
         * Whether a message of {@code size} bytes that would stay in memory is to be refused: the
         * cap is reached and this queue is over its share, or the ceiling would be passed and the
         * queue is not one being drained ({@code consumed}: it has consumers) under its share.
         */
        boolean refuses(long size, boolean consumed) {
            long total = bytes.get();
            boolean overShare = held.get() >= share();
            return (total >= cap && overShare) || (total + size > ceiling && (overShare || !consumed));
        }

        /**
         * Runs {@code resume} once this queue is back under three quarters of its share (which
         * grows as other queues empty) or memory is down to three eighths of the cap: at once if
         * that is so already (it may have changed while the caller decided to pause), else from the
         * thread that brings the count down. {@link #cancel} forgets it, for a producer that left.
         */
        public void resumeWhenBelowShare(Runnable resume) {
            paused.add(resume);
            if (listed.compareAndSet(false, true)) {
                waiting.add(this);
            }
            if (isRelieved()) {
                resumeAll();
            }
        }

        /** Forgets a resumption that is no longer wanted: its producer left while paused. */
        public void cancel(Runnable resume) {
            paused.remove(resume);
        }

        /** Whether stored messages should be kept on disk rather than in memory: memory is under pressure. */
        boolean isPaging() {
            return isUnderPressure();
        }

        /** Whether the cap is reached. */
        boolean isOverCap() {
            return bytes.get() >= cap;
        }

        void add(Message message) {
            add(message.sizeEstimate());
        }

        void remove(Message message) {
            remove(message.sizeEstimate());
        }

        /**
         * Counts {@code size} bytes held outside a queue, as by the buffers of detached sessions
         * that wait to be resumed, which bear the pressure like one more queue.
         */
        public void add(long size) {
            if (held.getAndAdd(size) == 0 && size > 0) {
                holding.incrementAndGet();
            }
            added(size);
        }

        /** Uncounts bytes counted with {@link #add(long)}. */
        public void remove(long size) {
            if (size == 0) {
                return;
            }
            long left = held.addAndGet(-size);
            if (left == 0) {
                holding.decrementAndGet();
            }
            removed(size, left == 0);
            if (!paused.isEmpty() && isRelieved()) {
                resumeAll();
            }
        }

        private boolean isRelieved() {
            return bytes.get() <= pressureLow || held.get() <= share() / 4 * 3;
        }

        private void resumeAll() {
            Runnable resume;
            while ((resume = paused.poll()) != null) {
                resume.run();
            }
        }
    }
}
