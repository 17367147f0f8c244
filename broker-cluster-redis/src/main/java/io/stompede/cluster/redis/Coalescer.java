package io.stompede.cluster.redis;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs an asynchronous action at most once at a time, and once more after it for every burst of
 * requests that came while it ran: many requests during one round trip to Redis cost one more
 * command, not one each. Used for what may be batched (acknowledgements) or merged (a queue's
 * "new messages" notice). Thread-safe and lock-free.
 */
final class Coalescer {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_AGAIN = 2;

    private final Supplier<? extends CompletionStage<?>> action;
    private final AtomicInteger state = new AtomicInteger(IDLE);

    /** {@code action} starts the work and returns a stage that completes when it is done, either way. */
    Coalescer(Supplier<? extends CompletionStage<?>> action) {
        this.action = action;
    }

    /** Runs the action now if it is idle, else once more after the run under way. */
    void request() {
        while (true) {
            int now = state.get();
            if (now == IDLE) {
                if (state.compareAndSet(IDLE, RUNNING)) {
                    run();
                    return;
                }
            } else if (now == RUNNING_AGAIN || state.compareAndSet(RUNNING, RUNNING_AGAIN)) {
                return;
            }
        }
    }

    private void run() {
        CompletionStage<?> running;
        try {
            running = action.get();
        } catch (RuntimeException e) {
            done();
            throw e;
        }
        running.whenComplete((result, failure) -> done());
    }

    private void done() {
        while (true) {
            int now = state.get();
            if (now == RUNNING) {
                if (state.compareAndSet(RUNNING, IDLE)) {
                    return;
                }
            } else if (state.compareAndSet(RUNNING_AGAIN, RUNNING)) {
                run();
                return;
            }
        }
    }
}
