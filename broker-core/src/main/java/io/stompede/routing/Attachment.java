package io.stompede.routing;

import java.util.concurrent.CompletableFuture;

/**
 * A subscriber joined to its destination by {@link Router#attach}: to a topic pattern, or as a
 * consumer of one queue (a queue of its own name, or a durable subscription's). Confined to the
 * thread of whoever attached it; {@link #detach()} is idempotent.
 */
public final class Attachment {
    private final Router router;
    private final String destination;
    private final Subscriber subscriber;
    // What the topics hold for a topic attachment: the subscriber, or what replays history into it.
    private final TopicSubscriber listening;
    private final Queue queue;
    private final CompletableFuture<Void> stored;
    private CompletableFuture<Recovery> recovery = CompletableFuture.completedFuture(Recovery.NOT_ASKED);
    private boolean detached;

    Attachment(Router router, String destination, Subscriber subscriber, Queue queue, CompletableFuture<Void> stored) {
        this(router, destination, subscriber, subscriber, queue, stored);
    }

    /** A topic attachment whose subscriber is reached through {@code listening}. */
    Attachment(Router router, String destination, Subscriber subscriber, TopicSubscriber listening,
               CompletableFuture<Void> stored) {
        this(router, destination, subscriber, listening, null, stored);
    }

    private Attachment(Router router, String destination, Subscriber subscriber, TopicSubscriber listening, Queue queue,
                       CompletableFuture<Void> stored) {
        this.router = router;
        this.destination = destination;
        this.subscriber = subscriber;
        this.listening = listening;
        this.queue = queue;
        this.stored = stored;
    }

    /** The destination or pattern subscribed to. */
    public String destination() {
        return destination;
    }

    /** The queue consumed, or {@code null} for a topic subscription. */
    public Queue queue() {
        return queue;
    }

    /**
     * Completes once what the attachment created is as durable as the store promises (a new
     * durable subscription's binding), or once the cluster's history was replayed to it; at once
     * otherwise. A RECEIPT for the SUBSCRIBE waits for it.
     */
    public CompletableFuture<Void> stored() {
        return stored;
    }

    /**
     * How the position the subscriber asked to start after was served, once its history was
     * replayed ({@link Recovery#NOT_ASKED} when it asked for none); its SUBSCRIBE's RECEIPT tells it.
     */
    public CompletableFuture<Recovery> recovery() {
        return recovery;
    }

    Attachment recovering(Recovery known) {
        return recovering(CompletableFuture.completedFuture(known));
    }

    Attachment recovering(CompletableFuture<Recovery> told) {
        this.recovery = told;
        return this;
    }

    /**
     * Stops the subscriber's deliveries: nothing more is handed to it. What a queue already lent it
     * stays lent until the subscriber gives it back or settles it.
     */
    public void detach() {
        if (detached) {
            return;
        }
        detached = true;
        if (queue != null) {
            queue.removeConsumer(subscriber);
        } else {
            router.unsubscribe(destination, listening);
        }
    }
}
