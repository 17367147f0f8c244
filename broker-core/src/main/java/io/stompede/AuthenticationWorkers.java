package io.stompede;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small pool on which a broker checks logins, so that a password hash (a large fraction of a
 * second) never runs on a transport thread, where it would stall every other connection of that
 * event loop. Bounded twice: a few threads, because the work is CPU-bound and the transport needs
 * the rest of the machine; and a queue, past which {@link #execute} throws
 * {@link java.util.concurrent.RejectedExecutionException}, which refuses the client instead of
 * letting a flood of logins queue without bound. Idle threads end after a minute.
 *
 * <p>Thread-safe.
 */
final class AuthenticationWorkers implements Executor {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    AuthenticationWorkers(int threads, int queued) {
        int poolNumber = POOLS.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(queued),
                task -> {
                    Thread thread = new Thread(task,
                            "stompede-auth-" + poolNumber + "-" + threadNumber.incrementAndGet());
                    // A login being checked must not keep the JVM alive after the application ends.
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Half the processors, at least one: the default number of threads. */
    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Refuses new checks and drops the queued ones, whose clients the closing broker sends away. */
    void shutDown() {
        pool.shutdownNow();
    }
}
