package io.stompede.message;

/**
 * What waits in a subscriber's inbox to be delivered: a topic {@link Message}, shared as it is by
 * every subscriber, or a {@link QueueEntry}, a queue's message lent to one consumer until it is
 * settled. Sealed so that a subscriber handles both kinds and nothing else, without one wrapper
 * object per delivery on the fan-out path. Handed between threads through lock-free inboxes.
 */
public sealed interface Delivery permits Message, QueueEntry {
    /** The message to deliver. */
    Message message();
}
