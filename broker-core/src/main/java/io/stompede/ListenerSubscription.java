package io.stompede;

import io.stompede.message.Message;
import io.stompede.routing.Queue;
import io.stompede.routing.QueueConsumer;
import io.stompede.routing.QueuedMessage;
import io.stompede.routing.Router;
import io.stompede.routing.TopicSubscriber;
import io.stompede.session.BrokerCounters;
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
final class ListenerSubscription implements Subscription, TopicSubscriber, QueueConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerSubscription.class);

    private final String destination;
    private final MessageListener listener;
    private final Router router;
    private final Queue queue;
    private final int prefetch;
    private final BrokerCounters counters;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile boolean active = true;

    ListenerSubscription(String destination, MessageListener listener, Router router, int prefetch,
                         BrokerCounters counters) {
        this.destination = destination;
        this.listener = listener;
        this.router = router;
        this.queue = router.isQueue(destination) ? router.queue(destination) : null;
        this.prefetch = prefetch;
        this.counters = counters;
    }

    void start() {
        if (queue != null) {
            queue.addConsumer(this);
        } else {
            router.topics().subscribe(destination, this);
        }
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
        if (queue != null) {
            queue.removeConsumer(this);
        } else {
            router.topics().unsubscribe(destination, this);
        }
        deliverWaiting();
    }

    private void deliverWaiting() {
        while (!inbox.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Object item;
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
        Object item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof QueuedMessage queued) {
                undelivered.add(queued);
            }
        }
        if (queue != null) {
            queue.release(undelivered, false);
        }
    }

    private void deliver(Object item) {
        QueuedMessage queued = item instanceof QueuedMessage entry ? entry : null;
        Message message = queued != null ? queued.message() : (Message) item;
        try {
            listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.warn("A listener on {} failed on message {}", destination, message.id(), e);
        }
        counters.deliveredInProcess();
        if (queued != null) {
            queue.settle(queued);
        }
    }
}
