package io.stompede.inmemory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a delegate executor: the in-memory stand-in for an event
 * loop. With {@code Runnable::run} as delegate it runs tasks on the calling thread, and a task
 * submitted while another runs waits for it rather than recursing, so that single-threaded tests
 * see every effect of a call by the time it returns. Thread-safe.
 *
 * <p>On the calling thread, another thread may be running the tasks when one is submitted: the
 * broker's authentication workers hand a session its answer this way. A caller that is not itself
 * running serial tasks (a test's thread) then waits until its task has run, so that a test still
 * sees every effect of its call when the call returns. A caller inside a task never waits, so two
 * sessions delivering to each other cannot deadlock.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /** Whether this thread is running some serial executor's tasks. */
    private static final ThreadLocal<Boolean> RUNNING_TASKS = ThreadLocal.withInitial(() -> false);

    private final Executor delegate;
    private final boolean onCallingThread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** An executor that runs its tasks on {@code delegate}, one at a time. */
    SerialExecutor(Executor delegate) {
        this(delegate, false);
    }

    private SerialExecutor(Executor delegate, boolean onCallingThread) {
        this.delegate = delegate;
        this.onCallingThread = onCallingThread;
    }

    /** An executor that runs on the calling thread. */
    public static SerialExecutor onCallingThread() {
        return new SerialExecutor(Runnable::run, true);
    }

    @Override
    public void execute(Runnable task) {
        if (!onCallingThread || RUNNING_TASKS.get()) {
            submit(task);
            return;
        }
        CountDownLatch ran = new CountDownLatch(1);
        submit(() -> {
            try {
                task.run();
            } finally {
                ran.countDown();
            }
        });
        try {
            ran.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable task) {
        tasks.offer(task);
        if (running.compareAndSet(false, true)) {
            delegate.execute(this::runAll);
        }
    }

    /**
     * Waits until no thread is running this executor's tasks. A test calls it after an answer
     * that another thread delivered, so that its next calls run on its own thread again instead
     * of being picked up, later, by the thread that is still finishing.
     */
    public void awaitIdle() {
        if (RUNNING_TASKS.get()) {
            return;     // a task waiting for its own executor would wait forever
        }
        synchronized (running) {
            while (running.get()) {
                try {
                    running.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void runAll() {
        boolean outermost = !RUNNING_TASKS.get();
        RUNNING_TASKS.set(true);
        try {
            runQueued();
        } finally {
            if (outermost) {
                RUNNING_TASKS.set(false);
            }
        }
    }

    private void runQueued() {
        while (true) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("A task failed", e);
                }
            }
            synchronized (running) {
                running.set(false);
                running.notifyAll();
            }
            if (tasks.isEmpty() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
