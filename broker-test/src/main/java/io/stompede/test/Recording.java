package io.stompede.test;

import io.stompede.observer.WireTap;
import io.stompede.transport.ConnectionInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What every client of a {@link TestBroker} did and was sent: one {@link RecordedSession} per
 * connection, in the order the broker opened them. It is the broker's wire tap, so it sees the
 * bytes as they crossed the wire, whatever client library sent them.
 *
 * <p>Thread-safe. Its monitor guards every session's record, and is notified whenever anything is
 * recorded, which is how {@link #await} waits without sleeping.
 */
public final class Recording implements WireTap {
    private final Clock clock;
    private final List<RecordedSession> sessions = new ArrayList<>();
    private int opened;

    Recording(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Listener opened(ConnectionInfo connection) {
        synchronized (this) {
            RecordedSession session = new RecordedSession(opened++, connection, this, clock);
            sessions.add(session);
            notifyAll();
            return session.listener();
        }
    }

    /** The time on the recording's clock: the wall clock, or an in-memory broker's virtual clock. */
    public Instant now() {
        return clock.instant();
    }

    /** The sessions recorded since the broker started or the recording was last cleared. */
    public synchronized List<RecordedSession> sessions() {
        return List.copyOf(sessions);
    }

    /** The {@code n}th session recorded, from 0, waiting up to {@code timeout} for it to open. */
    public RecordedSession session(int n, Duration timeout) {
        if (!await(timeout, () -> sessions.size() > n)) {
            throw new AssertionError("Expecting at least " + (n + 1) + " session(s) within " + timeout + ", but "
                    + sessions().size() + " opened");
        }
        return sessions().get(n);
    }

    /** The first session, waiting up to a few seconds for a client to connect. */
    public RecordedSession firstSession() {
        return session(0, Duration.ofSeconds(10));
    }

    /** Forgets the sessions recorded so far; those still open go on recording into their own records. */
    public synchronized void clear() {
        sessions.clear();
    }

    /**
     * Waits until {@code condition} holds or {@code timeout} passed; returns whether it held. The
     * condition is evaluated under the recording's monitor each time something is recorded.
     */
    public boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
