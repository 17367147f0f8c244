package io.stompede;

import io.stompede.frame.StompProtocolException;
import io.stompede.message.Delivery;
import io.stompede.message.Message;
import io.stompede.observer.BrokerObserver;
import io.stompede.routing.Attachment;
import io.stompede.routing.QueuedMessage;
import io.stompede.routing.Router;
import io.stompede.routing.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process listener on a topic pattern or a queue. Thread-safe: messages arrive from any
 * thread into a lock-free inbox, and whichever thread finds the listener idle delivers everything
 * waiting, so that the listener sees one message at a time and in order. A listener that publishes
 * to its own destination does not recurse: its message is delivered after the current one.
 */
final class ListenerSubscription implements Subscription, Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerSubscription.class);

    private final String destination;
    private final MessageListener listener;
    private final int prefetch;
    private final BrokerObserver observer;
    private final ConcurrentLinkedQueue<Delivery> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile boolean active = true;
    // Set once by start(), before the caller can close the subscription.
    private Attachment attachment;

    ListenerSubscription(String destination, MessageListener listener, int prefetch, BrokerObserver observer) {
        this.destination = destination;
        this.listener = listener;
        this.prefetch = prefetch;
        this.observer = observer;
    }

    /**
     * Joins the destination through the router, as a client's SUBSCRIBE would, with up to
     * {@code history} retained messages first.
     *
     * @throws IllegalArgumentException when the router refuses the subscription (a queue pattern)
     */
    void start(Router router, int history) {
        try {
            attachment = router.attach(destination, this, history, null);
        } catch (StompProtocolException e) {
            throw new IllegalArgumentException(e.detail());
        }
        observer.subscribed(null, destination);
    }

    @Override
    public String destination() {
        return destination;
    }

    @Override
    public void onPublish(Message message) {
        if (active) {
            inbox.offer(message);
            deliverWaiting();
        }
    }

    @Override
    public int prefetch() {
        return prefetch;
    }

    @Override
    public void enqueue(QueuedMessage message) {
        inbox.offer(message);
    }

    @Override
    public void wake() {
        deliverWaiting();
    }

    @Override
    public void close() {
        if (!active) {
            return;
        }
        active = false;
        attachment.detach();
        observer.unsubscribed(null, destination);
        deliverWaiting();
    }

    private void deliverWaiting() {
        while (!inbox.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Delivery item;
                while (active && (item = inbox.poll()) != null) {
                    deliver(item);
                }
                if (!active) {
                    returnUndelivered();
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    /** Gives the queue back what a closed subscription never delivered, in one go to keep its order. */
    private void returnUndelivered() {
        List<QueuedMessage> undelivered = new ArrayList<>();
        Delivery item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof QueuedMessage queued) {
                undelivered.add(queued);
            }
        }
        if (attachment.queue() != null) {
            attachment.queue().release(undelivered, false);
        }
    }

    private void deliver(Delivery item) {
        Message message = item.message();
        try {
            listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.warn("A listener on {} failed on message {}", destination, message.id(), e);
        }
        observer.messageDelivered(message.destination(), message.sharedBody().length);
        if (item instanceof QueuedMessage queued) {
            queued.queue().settle(queued);
        }
    }
}
