package io.stompede.session;

import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.message.Delivery;
import io.stompede.message.Message;
import io.stompede.observer.BrokerObserver;
import io.stompede.transport.Connection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hand-off from publishers' threads to one session's thread. Publishers append to a
 * subscription's inbox and list the subscription here; the first one to find the session idle
 * schedules one drain on its connection, which then writes everything waiting in one batch with
 * one flush. So a burst of deliveries costs one cross-thread hand-off, not one per message.
 *
 * <p>The outbox belongs to the session's delivery state, not to a connection: it is attached to
 * the connection that drains it, and while detached it keeps what arrives (within the bounds
 * below) and schedules nothing.
 *
 * <p>Topic backlog is bounded per subscription; past the bound the slow-consumer policy applies.
 * A client-ack topic subscription is also held to its ack window: while its prefetch of messages
 * awaits ACK, nothing more is written to it and what arrives waits in its inbox, within that
 * bound. Queue deliveries need neither: the queue's prefetch window already limits them.
 */
final class Outbox {
    /** Writes one waiting item of a subscription; returns whether it wrote anything. */
    interface Writer {
        /** {@code redelivery}: the item was delivered before and not acknowledged, as by a session resumed since. */
        boolean write(SessionSubscription subscription, Delivery item, boolean redelivery);
    }

    /** The connection that drains the outbox, and what to run on its thread. */
    private record Target(Connection connection, Runnable drain, Runnable onOverrun) {
    }

    private final ConcurrentLinkedQueue<SessionSubscription> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean overrun = new AtomicBoolean();
    private final int maxBacklog;
    private final SlowConsumerPolicy policy;
    private final BrokerObserver observer;
    private volatile Target target;
    // While the session is detached and kept for resume: the bound on what waits for its client.
    private volatile AwayBuffer away;

    Outbox(int maxBacklog, SlowConsumerPolicy policy, BrokerObserver observer) {
        this.maxBacklog = maxBacklog;
        this.policy = policy;
        this.observer = observer;
    }

    /**
     * Lets {@code connection} drain the outbox from now on: {@code drain} runs on its thread when
     * something waits, {@code onOverrun} when a subscription overruns under the disconnect policy.
     * Called on that connection's thread.
     */
    void attach(Connection connection, Runnable drain, Runnable onOverrun) {
        target = new Target(connection, drain, onOverrun);
        scheduled.set(false);
        if (!ready.isEmpty()) {
            wake();
        }
    }

    /** Stops scheduling drains; what arrives keeps waiting for the next {@link #attach}. */
    void detach() {
        target = null;
    }

    /**
     * Stops scheduling drains, and bounds what topic messages wait for the client by {@code buffer}
     * until {@link #endAway}: the session is detached, kept for its client to resume it.
     */
    void detach(AwayBuffer buffer) {
        away = buffer;
        target = null;
    }

    /** Ends the bound set by {@link #detach(AwayBuffer)}; returns how many messages it missed, 0 if none was set. */
    long endAway() {
        AwayBuffer buffer = away;
        away = null;
        return buffer == null ? 0 : buffer.finish();
    }

    /** Called from any thread. */
    void offerTopicMessage(SessionSubscription subscription, Message message) {
        AwayBuffer buffer = away;
        if (buffer != null && !buffer.admit(message)) {
            return;
        }
        if (subscription.backlog.incrementAndGet() > maxBacklog) {
            if (policy == SlowConsumerPolicy.DISCONNECT) {
                subscription.backlog.decrementAndGet();
                observer.slowConsumerDropped(message.destination());
                Target current = target;
                if (current != null && overrun.compareAndSet(false, true)) {
                    current.connection().execute(current.onOverrun());
                }
                return;
            }
            Delivery oldest = subscription.inbox.poll();
            if (oldest != null) {
                subscription.backlog.decrementAndGet();
                observer.slowConsumerDropped(oldest.message().destination());
            }
        }
        subscription.inbox.offer(message);
        list(subscription);
        wake();
    }

    /**
     * Marks the subscription as having waiting items. Called from any thread, even under a queue's
     * lock. A parked subscription stays marked, so this does nothing for it until {@link #resume}.
     */
    void list(SessionSubscription subscription) {
        if (subscription.listed.compareAndSet(false, true)) {
            ready.offer(subscription);
        }
    }

    /** Makes sure a drain is scheduled. Called from any thread, never under a lock. */
    void wake() {
        Target current = target;
        if (current != null && scheduled.compareAndSet(false, true)) {
            current.connection().execute(current.drain());
        }
    }

    /**
     * Writes up to {@code limit} waiting items while the connection is writable. Returns the
     * number written; when items remain on a writable connection, another drain is scheduled so
     * that one busy session cannot hold its thread for long. A subscription whose ack window is
     * full is parked: taken off the ready list but left marked as listed, so that neither this
     * loop nor a publisher's {@link #list} puts it back until {@link #resume} does; its messages
     * wait in its inbox meanwhile, within the slow-consumer bound. Runs on the attached
     * connection's thread.
     */
    int drain(Writer writer, int limit) {
        scheduled.set(false);
        Target current = target;
        if (current == null) {
            return 0;
        }
        Connection connection = current.connection();
        int written = 0;
        while (written < limit && connection.isWritable()) {
            SessionSubscription subscription = ready.peek();
            if (subscription == null) {
                return written;
            }
            if (subscription.isAckWindowFull()) {
                ready.poll();
                subscription.setParked(true);
                continue;
            }
            Delivery item = subscription.redeliveries.poll();
            boolean redelivery = item != null;
            if (!redelivery) {
                item = subscription.inbox.poll();
            }
            if (item == null) {
                ready.poll();
                subscription.listed.set(false);
                if (!subscription.inbox.isEmpty()) {
                    list(subscription);
                }
                continue;
            }
            if (item instanceof Message && !redelivery) {
                subscription.backlog.decrementAndGet();
            }
            if (writer.write(subscription, item, redelivery)) {
                written++;
            }
        }
        if (!ready.isEmpty() && connection.isWritable()) {
            wake();
        }
        return written;
    }

    /**
     * Puts a parked subscription back on the ready list once its ack window has room again, and
     * makes sure a drain comes. Runs on the session's thread, after an ACK or NACK settled
     * deliveries of {@code subscription}.
     */
    void resume(SessionSubscription subscription) {
        if (subscription.isParked() && !subscription.isAckWindowFull()) {
            subscription.setParked(false);
            ready.offer(subscription);
            wake();
        }
    }

    /** Hands every waiting item to {@code discard}, as when the session closes. */
    void discardAll(Writer discard) {
        SessionSubscription subscription;
        while ((subscription = ready.poll()) != null) {
            subscription.listed.set(false);
            Delivery item;
            while ((item = subscription.redeliveries.poll()) != null) {
                discard.write(subscription, item, true);
            }
            while ((item = subscription.inbox.poll()) != null) {
                if (item instanceof Message) {
                    subscription.backlog.decrementAndGet();
                }
                discard.write(subscription, item, false);
            }
        }
    }
}
