package io.stompede.routing;

import io.stompede.message.Message;
import io.stompede.message.QueueEntry;

/**
 * A message held by a queue, with how often it was delivered. Between dispatch and settlement it
 * belongs to exactly one consumer; the queue's lock orders every change to it.
 */
public final class QueuedMessage implements QueueEntry {
    private final Message message;
    private final Queue queue;
    // The cluster's name for a shared queue's message, by which it is settled; null for this node's own.
    private final String ticket;
    private int deliveries;
    private boolean recovered;
    private Queue.ConsumerSlot owner;

    QueuedMessage(Message message, Queue queue) {
        this(message, queue, null, 0);
    }

    QueuedMessage(Message message, Queue queue, String ticket, int previousDeliveries) {
        this.message = message;
        this.queue = queue;
        this.ticket = ticket;
        this.deliveries = previousDeliveries;
    }

    @Override
    public Message message() {
        return message;
    }

    /** The queue that holds the message, where whoever delivered it settles or releases it. */
    public Queue queue() {
        return queue;
    }

    /** The ticket by which the cluster knows this message of a shared queue; {@code null} for a local one. */
    String ticket() {
        return ticket;
    }

    @Override
    public int previousDeliveries() {
        return deliveries;
    }

    void countDelivery() {
        deliveries++;
    }

    /** {@inheritDoc} Those deliveries are unknown and do not count towards the delivery limit. */
    @Override
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
