package io.stompede.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Emits sequence numbers at a fixed rate on a thread of its own, so that the fixed-rate
 * scenarios send on schedule whatever the broker does; message {@code n} is due at
 * {@link #intended(long)}, the time its latency is measured from, which keeps a stalled broker
 * from hiding its stall (no coordinated omission).
 */
final class Pacer {
    /** Called on the pacer's thread with the sequence numbers now due, {@code [from, to)}. */
    interface Emitter {
        void emit(long from, long to);
    }

    private final double nanosPerMessage;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long start;

    Pacer(double ratePerSecond, long total, Emitter emitter) {
        this.nanosPerMessage = 1e9 / ratePerSecond;
        this.thread = new Thread(() -> run(total, emitter), "load-pacer");
        this.thread.setDaemon(true);
    }

    void start() {
        start = System.nanoTime();
        thread.start();
    }

    long intended(long sequence) {
        return start + (long) (sequence * nanosPerMessage);
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
    }

    private void run(long total, Emitter emitter) {
        long sent = 0;
        while (!stopped && sent < total) {
            long now = System.nanoTime();
            long due = Math.min(total, (long) ((now - start) / nanosPerMessage) + 1);
            if (due > sent) {
                emitter.emit(sent, due);
                sent = due;
            }
            long wait = intended(sent) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
