package io.stompede.routing;

import io.stompede.message.Message;

/**
 * A message held by a queue, with how often it was delivered. Between dispatch and settlement it
 * belongs to exactly one consumer; the queue's lock orders every change to it.
 */
public final class QueuedMessage {
    private final Message message;
    private final Queue queue;
    private int deliveries;
    private boolean recovered;
    private Queue.ConsumerSlot owner;

    QueuedMessage(Message message, Queue queue) {
        this.message = message;
        this.queue = queue;
    }

    public Message message() {
        return message;
    }

    public Queue queue() {
        return queue;
    }

    /** How many times the message was delivered and not settled before: 0 on a first delivery. */
    public int previousDeliveries() {
        return deliveries;
    }

    void countDelivery() {
        deliveries++;
    }

    /**
     * Whether the message was recovered from the store at start-up: it may have been delivered
     * before the restart, so it is flagged redelivered, but those deliveries are unknown and do
     * not count towards the delivery limit.
     */
    public boolean isRecovered() {
        return recovered;
    }

    void markRecovered() {
        recovered = true;
    }

    Queue.ConsumerSlot owner() {
        return owner;
    }

    void owner(Queue.ConsumerSlot slot) {
        this.owner = slot;
    }
}
