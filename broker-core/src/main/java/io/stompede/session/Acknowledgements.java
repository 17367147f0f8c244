package io.stompede.session;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.observer.BrokerObserver;
import io.stompede.routing.QueuedMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A session's ACK and NACK frames and its transactions: which delivery a frame names (by ack id in
 * 1.2, by message id before), what it settles (one delivery, or all up to it in {@code client}
 * mode), and the SEND, ACK and NACK frames a transaction holds until COMMIT, which applies all of
 * them or, with an ERROR, none of its ACKs and NACKs. Confined to the session's thread.
 */
final class Acknowledgements {
    private final Session session;
    private final DeliveryState deliveries;
    private final Sends sends;
    private final Transactions transactions;
    private final BrokerObserver observer;

    Acknowledgements(Session session, DeliveryState deliveries, Sends sends, Transactions transactions,
                     BrokerObserver observer) {
        this.session = session;
        this.deliveries = deliveries;
        this.sends = sends;
        this.transactions = transactions;
        this.observer = observer;
    }

    /** An ACK ({@code ack}) or NACK frame: settled at once, or held by its transaction. */
    void acknowledge(Frame frame, boolean ack) throws StompProtocolException {
        if (!ack && session.version() == StompVersion.V1_0) {
            throw new StompProtocolException("unexpected command", "NACK is not part of STOMP 1.0.");
        }
        PendingDelivery delivery = find(frame);
        if (transactions.hold(frame)) {
            return;
        }
        settle(delivery, ack);
    }

    void begin(Frame frame) throws StompProtocolException {
        transactions.begin(RequiredHeaders.get(frame, "transaction"));
    }

    void abort(Frame frame) throws StompProtocolException {
        transactions.abort(RequiredHeaders.get(frame, "transaction"));
    }

    /** Holds a SEND that names a transaction; {@code false} for one to apply at once. */
    boolean holdsSend(Frame frame) throws StompProtocolException {
        return transactions.hold(frame);
    }

    /** Applies a transaction's frames in the order they came, once every ACK and NACK in it checks out. */
    void commit(Frame frame) throws StompProtocolException {
        List<Frame> frames = transactions.commit(RequiredHeaders.get(frame, "transaction"));
        checkAcknowledgements(frames);
        for (Frame held : frames) {
            switch (held.command()) {
                case SEND -> sends.send(held, held.header("destination"));
                case ACK -> settle(find(held), true);
                case NACK -> settle(find(held), false);
                default -> throw new IllegalStateException("only SEND, ACK and NACK are held in transactions");
            }
        }
    }

    /** Drops every open transaction, as a disconnect does. */
    void abortAll() {
        transactions.abortAll();
    }

    /** The size estimate of the frames held by the session's open transactions. */
    long transactionBytes() {
        return transactions.bytes();
    }

    /**
     * Checks, before anything is applied, that every ACK and NACK held by a transaction still
     * names a delivery awaiting acknowledgement and that no earlier frame of the same transaction
     * settles it.
     */
    private void checkAcknowledgements(List<Frame> frames) throws StompProtocolException {
        Set<PendingDelivery> settledByCommit = new HashSet<>();
        for (Frame held : frames) {
            if (held.command() == Command.ACK || held.command() == Command.NACK) {
                PendingDelivery delivery = find(held);
                if (settledByCommit.contains(delivery)) {
                    throw new StompProtocolException("unknown ack id",
                            "The transaction settles this message twice; nothing of it was applied.");
                }
                settledByCommit.addAll(delivery.subscription().covered(delivery));
            }
        }
    }

    private PendingDelivery find(Frame frame) throws StompProtocolException {
        PendingDelivery delivery;
        if (session.version() == StompVersion.V1_2) {
            delivery = deliveries.pending(parseAckId(RequiredHeaders.get(frame, "id")));
        } else {
            delivery = findByMessageId(RequiredHeaders.get(frame, "message-id"), frame.header("subscription"));
        }
        if (delivery == null) {
            throw new StompProtocolException("unknown ack id",
                    "No message awaiting acknowledgement matches this " + frame.command() + "; it may be settled already.");
        }
        return delivery;
    }

    private PendingDelivery findByMessageId(String messageId, String subscriptionId) {
        if (subscriptionId != null) {
            SessionSubscription subscription = deliveries.subscription(subscriptionId);
            return subscription == null ? null : subscription.pendingByMessageId(messageId);
        }
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            PendingDelivery delivery = subscription.pendingByMessageId(messageId);
            if (delivery != null) {
                return delivery;
            }
        }
        return null;
    }

    private static long parseAckId(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    private void settle(PendingDelivery delivery, boolean ack) {
        List<PendingDelivery> settled = delivery.subscription().settle(delivery);
        observer.acknowledgementsPending(-settled.size());
        List<QueuedMessage> toRelease = null;
        for (PendingDelivery each : settled) {
            deliveries.forget(each);
            QueuedMessage queued = each.queued();
            if (queued == null) {
                continue;
            }
            if (ack) {
                queued.queue().settle(queued);
            } else {
                if (toRelease == null) {
                    toRelease = new ArrayList<>(settled.size());
                }
                toRelease.add(queued);
            }
        }
        if (toRelease != null) {
            delivery.subscription().queue().release(toRelease, true);
        }
        // A topic subscription held back by its full ack window takes messages again.
        deliveries.outbox().resume(delivery.subscription());
    }
}
