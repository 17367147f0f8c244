package io.stompede.inmemory;

import io.stompede.transport.Connection;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * Time that moves only when a test says so: timers scheduled by in-memory connections run when
 * {@link #advance} passes their due time, in due-time order, each on its connection's executor.
 * Heart-beat and timeout tests thus take no real time and never flake. Thread-safe.
 */
public final class VirtualClock {
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nowMillis;
    private long sequence;

    /** Milliseconds since the clock was made. */
    public synchronized long millis() {
        return nowMillis;
    }

    /** Moves time forward, running every timer that falls due on the way. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowMillis + duration.toMillis();
        }
        while (true) {
            Timer due;
            synchronized (this) {
                Timer next = timers.peek();
                if (next == null || next.dueMillis > target) {
                    nowMillis = target;
                    return;
                }
                due = timers.poll();
                nowMillis = due.dueMillis;
            }
            if (!due.cancelled) {
                due.executor.execute(due.task);
            }
        }
    }

    synchronized Timer schedule(Runnable task, long delayMillis, Executor executor) {
        Timer timer = new Timer(nowMillis + Math.max(0, delayMillis), sequence++, task, executor);
        timers.add(timer);
        return timer;
    }

    /** A timer; ordered by due time, then by the order it was scheduled in. */
    static final class Timer implements Comparable<Timer>, Connection.Cancellable {
        final long dueMillis;
        final long order;
        final Runnable task;
        final Executor executor;
        volatile boolean cancelled;

        Timer(long dueMillis, long order, Runnable task, Executor executor) {
            this.dueMillis = dueMillis;
            this.order = order;
            this.task = task;
            this.executor = executor;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(dueMillis, other.dueMillis);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
