package io.stompede.routing;

/**
 * A consumer of a queue. The queue hands it messages under its lock through {@link #enqueue},
 * which therefore must only append to the consumer's own lock-free buffer, and then, with the lock
 * released, calls {@link #wake()} so that the consumer starts delivering on its own thread.
 */
public interface QueueConsumer {
    /** How many messages the consumer may hold unsettled at once. */
    int prefetch();

    /** Takes a message; called under the queue's lock: must not block or call back into the queue. */
    void enqueue(QueuedMessage message);

    /** Starts delivering what was enqueued; called without any queue lock held. */
    void wake();
}
