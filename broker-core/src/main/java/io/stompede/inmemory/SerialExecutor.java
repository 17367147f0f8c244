package io.stompede.inmemory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a delegate executor: the in-memory stand-in for an event
 * loop. With {@code Runnable::run} as delegate it runs tasks on the calling thread, and a task
 * submitted while another runs waits for it rather than recursing, so that single-threaded tests
 * see every effect of a call by the time it returns. Thread-safe.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /** An executor that runs on the calling thread. */
    public static SerialExecutor onCallingThread() {
        return new SerialExecutor(Runnable::run);
    }

    @Override
    public void execute(Runnable task) {
        tasks.offer(task);
        if (running.compareAndSet(false, true)) {
            delegate.execute(this::runAll);
        }
    }

    private void runAll() {
        while (true) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("A task failed", e);
                }
            }
            running.set(false);
            if (tasks.isEmpty() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
