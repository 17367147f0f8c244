package io.stompede.message;

/**
 * A queue's message lent to one consumer: it must be settled (acknowledged) or given back to the
 * queue, never dropped. Non-sealed because the queues that implement it live in the routing
 * package, while the kinds a sealed type permits must share its package. The queue's lock orders
 * every change to an entry; read it on the thread it was handed to.
 */
public non-sealed interface QueueEntry extends Delivery {
    /** How many times the message was delivered and not settled before: 0 on a first delivery. */
    int previousDeliveries();

    /**
     * Whether the message was recovered from the store at start-up: it may have been delivered
     * before the restart, so it is flagged redelivered.
     */
    boolean isRecovered();
}
