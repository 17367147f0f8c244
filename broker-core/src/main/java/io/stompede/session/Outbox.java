package io.stompede.session;

import io.stompede.transport.Connection;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.message.Message;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hand-off from publishers' threads to one session's thread. Publishers append to a
 * subscription's inbox and list the subscription here; the first one to find the session idle
 * schedules one drain on its connection, which then writes everything waiting in one batch with
 * one flush. So a burst of deliveries costs one cross-thread hand-off, not one per message.
 *
 * <p>Topic backlog is bounded per subscription; past the bound the slow-consumer policy applies.
 * Queue deliveries need no such bound: the queue's prefetch window already limits them.
 */
final class Outbox {
    /** Writes one waiting item of a subscription; returns whether it wrote anything. */
    interface Writer {
        boolean write(SessionSubscription subscription, Object item);
    }

    private final ConcurrentLinkedQueue<SessionSubscription> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean overrun = new AtomicBoolean();
    private final Connection connection;
    private final Runnable drain;
    private final Runnable onOverrun;
    private final int maxBacklog;
    private final SlowConsumerPolicy policy;
    private final BrokerCounters counters;

    Outbox(Connection connection, Runnable drain, Runnable onOverrun, int maxBacklog, SlowConsumerPolicy policy,
           BrokerCounters counters) {
        this.connection = connection;
        this.drain = drain;
        this.onOverrun = onOverrun;
        this.maxBacklog = maxBacklog;
        this.policy = policy;
        this.counters = counters;
    }

    /** Called from any thread. */
    void offerTopicMessage(SessionSubscription subscription, Message message) {
        if (subscription.backlog.incrementAndGet() > maxBacklog) {
            if (policy == SlowConsumerPolicy.DISCONNECT) {
                subscription.backlog.decrementAndGet();
                counters.dropped();
                if (overrun.compareAndSet(false, true)) {
                    connection.execute(onOverrun);
                }
                return;
            }
            if (subscription.inbox.poll() != null) {
                subscription.backlog.decrementAndGet();
                counters.dropped();
            }
        }
        subscription.inbox.offer(message);
        list(subscription);
        wake();
    }

    /** Marks the subscription as having waiting items. Called from any thread, even under a queue's lock. */
    void list(SessionSubscription subscription) {
        if (subscription.listed.compareAndSet(false, true)) {
            ready.offer(subscription);
        }
    }

    /** Makes sure a drain is scheduled. Called from any thread, never under a lock. */
    void wake() {
        if (scheduled.compareAndSet(false, true)) {
            connection.execute(drain);
        }
    }

    /**
     * Writes up to {@code limit} waiting items while the connection is writable. Returns the
     * number written; when items remain on a writable connection, another drain is scheduled so
     * that one busy session cannot hold its thread for long. Runs on the session's thread.
     */
    int drain(Writer writer, int limit) {
        scheduled.set(false);
        int written = 0;
        while (written < limit && connection.isWritable()) {
            SessionSubscription subscription = ready.peek();
            if (subscription == null) {
                return written;
            }
            Object item = subscription.inbox.poll();
            if (item == null) {
                ready.poll();
                subscription.listed.set(false);
                if (!subscription.inbox.isEmpty()) {
                    list(subscription);
                }
                continue;
            }
            if (item instanceof Message) {
                subscription.backlog.decrementAndGet();
            }
            if (writer.write(subscription, item)) {
                written++;
            }
        }
        if (!ready.isEmpty() && connection.isWritable()) {
            wake();
        }
        return written;
    }

    /** Hands every waiting item to {@code discard}, as when the session closes. */
    void discardAll(Writer discard) {
        SessionSubscription subscription;
        while ((subscription = ready.poll()) != null) {
            subscription.listed.set(false);
            Object item;
            while ((item = subscription.inbox.poll()) != null) {
                discard.write(subscription, item);
            }
        }
    }
}
