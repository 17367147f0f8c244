package io.stompede.session;

import io.stompede.admin.SessionSummary;
import io.stompede.frame.StompVersion;
import io.stompede.message.Message;
import io.stompede.routing.QueuedMessage;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session delivers and has delivered: its subscriptions by id, the deliveries that await
 * an ACK or NACK by ack id, and the outbox through which messages reach it. It holds no
 * connection of its own: the outbox is attached to the connection that drains it, so the whole
 * state can be detached from one connection and attached to another, as resuming a session needs.
 *
 * <p>Confined to the thread of the connection it is attached to; the outbox alone is filled from
 * other threads.
 */
final class DeliveryState {
    private final Map<String, SessionSubscription> subscriptions = new HashMap<>();
    private final Map<Long, PendingDelivery> pendingByAckId = new HashMap<>();
    // Replaced only when a resumed session takes over the outbox its subscriptions write to.
    private Outbox outbox;
    private long lastAckId;

    DeliveryState(Outbox outbox) {
        this.outbox = outbox;
    }

    Outbox outbox() {
        return outbox;
    }

    /** Lets {@code connection} drain the deliveries from now on; see {@link Outbox#attach}. */
    void attach(Connection connection, Runnable drain, Runnable onOverrun) {
        outbox.attach(connection, drain, onOverrun);
    }

    /** Keeps what arrives waiting, with no connection to drain it, until the next {@link #attach}. */
    void detach() {
        outbox.detach();
    }

    /**
     * Takes over the state of a session being resumed: its subscriptions and the outbox they write
     * to, and its ack numbering, so that an ack id of the old connection names nothing new. What
     * awaited an ACK stays with each subscription, for {@link Subscriptions#resumeAll} to line up
     * again. This state must be empty; {@code old} is left empty. Runs on this state's thread, after
     * {@code old}'s thread let go of it.
     */
    void adopt(DeliveryState old) {
        outbox = old.outbox;
        subscriptions.putAll(old.subscriptions);
        pendingByAckId.putAll(old.pendingByAckId);
        lastAckId = old.lastAckId;
        old.subscriptions.clear();
        old.pendingByAckId.clear();
    }

    SessionSubscription subscription(String id) {
        return subscriptions.get(id);
    }

    Collection<SessionSubscription> subscriptions() {
        return subscriptions.values();
    }

    /**
     * The session as an administrator sees it, with its subscriptions by id and what it holds;
     * {@code transactionBytes} is what its open transactions hold, which is not kept here.
     */
    SessionSummary describe(String sessionId, ConnectionInfo connection, StompPrincipal principal, StompVersion version,
                            long transactionBytes) {
        long pendingBytes = 0;
        int backlog = 0;
        long backlogBytes = 0;
        for (SessionSubscription subscription : subscriptions.values()) {
            pendingBytes += subscription.pendingBytes();
            backlog += Math.max(0, subscription.backlog.get());
            backlogBytes += subscription.backlogBytes();
        }
        return new SessionSummary(sessionId, connection.transport(), connection.remoteAddress(),
                principal == null ? null : principal.name(), version == null ? null : version.wireValue(),
                subscriptionSummaries(), pendingByAckId.size(), pendingBytes, transactionBytes, backlog, backlogBytes);
    }

    private List<SessionSummary.SubscriptionSummary> subscriptionSummaries() {
        List<SessionSummary.SubscriptionSummary> all = new ArrayList<>(subscriptions.size());
        for (SessionSubscription subscription : subscriptions.values()) {
            all.add(new SessionSummary.SubscriptionSummary(subscription.id, subscription.destination,
                    subscription.ackMode.wireValue(), subscription.pendingCount()));
        }
        all.sort(Comparator.comparing(SessionSummary.SubscriptionSummary::id));
        return all;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    void add(SessionSubscription subscription) {
        subscriptions.put(subscription.id, subscription);
    }

    SessionSubscription remove(String id) {
        return subscriptions.remove(id);
    }

    /** Removes every subscription and returns them, as when the session ends. */
    List<SessionSubscription> removeAll() {
        List<SessionSubscription> all = List.copyOf(subscriptions.values());
        subscriptions.clear();
        return all;
    }

    /**
     * Records a delivery written on {@code subscription} that awaits an ACK or NACK and returns
     * its ack id, the number a 1.2 client quotes.
     */
    long awaitAcknowledgement(SessionSubscription subscription, Message message, QueuedMessage queued,
                              boolean indexByMessageId) {
        long ackId = ++lastAckId;
        PendingDelivery delivery = new PendingDelivery(ackId, message, queued, subscription);
        subscription.addPending(delivery, indexByMessageId);
        pendingByAckId.put(ackId, delivery);
        return ackId;
    }

    PendingDelivery pending(long ackId) {
        return pendingByAckId.get(ackId);
    }

    /** Forgets a delivery that was settled or given back. */
    void forget(PendingDelivery delivery) {
        pendingByAckId.remove(delivery.ackId());
    }

}
