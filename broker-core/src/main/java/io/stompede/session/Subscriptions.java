package io.stompede.session;

import io.stompede.cluster.SessionRecord;
import io.stompede.config.BrokerConfig;
import io.stompede.destination.DestinationPattern;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.message.Message;
import io.stompede.message.Position;
import io.stompede.observer.BrokerObserver;
import io.stompede.routing.Attachment;
import io.stompede.routing.Queue;
import io.stompede.routing.QueuedMessage;
import io.stompede.routing.Recovery;
import io.stompede.routing.Replay;
import io.stompede.routing.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A session's SUBSCRIBE and UNSUBSCRIBE frames: the subscription's id, ack mode and prefetch, the
 * session's limit, durable subscriptions named by the client, and giving back what a subscription
 * held when it ends. Where the subscription's messages come from (a topic, a pattern, a queue, a
 * durable subscription, with history or not) is the router's to decide. Confined to the session's
 * thread.
 */
final class Subscriptions {
    private final Session session;
    private final DeliveryState deliveries;
    private final Router router;
    private final BrokerConfig config;
    private final BrokerObserver observer;

    Subscriptions(Session session, DeliveryState deliveries, BrokerServices services) {
        this.session = session;
        this.deliveries = deliveries;
        this.router = services.router();
        this.config = services.config();
        this.observer = services.observer();
    }

    /**
     * Subscribes; later RECEIPTs wait until what the subscription created (a durable binding) is
     * stored, or its history replayed. Returns the headers of the SUBSCRIBE's own RECEIPT: how a
     * position it asked to start after was served ({@code x-recovered}), once known. With both
     * {@code x-since-offset} and {@code x-history}, the position wins.
     */
    CompletableFuture<Headers> subscribe(Frame frame, String destination, String clientId, Receipts receipts)
            throws StompProtocolException {
        String id = frame.header("id");
        if (id == null) {
            if (session.version() != StompVersion.V1_0) {
                throw RequiredHeaders.missing("id");
            }
            id = destination;
        }
        SessionSubscription existing = deliveries.subscription(id);
        if (existing != null) {
            if (existing.isResumed() && existing.destination.equals(destination)) {
                // The client resubscribes after resume, as stompjs does in onConnect.
                return resubscribe(existing, SubscribeHeaders.since(frame));
            }
            if (!existing.awaitsItsClient()) {
                throw new StompProtocolException("subscription id in use",
                        "This session already has a subscription with id '" + id + "'.");
            }
            // After a resume the client's subscriptions are those it makes again, and a client
            // that reconnects numbers them anew (stompjs from sub-0; Spring's user destinations
            // name the new WebSocket session): the one the session got back under this id is over.
            deliveries.remove(id);
            end(existing);
        }
        if (deliveries.subscriptionCount() >= config.maxSubscriptionsPerSession()) {
            throw new StompProtocolException("too many subscriptions",
                    "A session may hold at most " + config.maxSubscriptionsPerSession() + " subscriptions.");
        }
        String durableName = SubscribeHeaders.durableSubscriptionName(frame, id, clientId, session.principal().name());
        SessionSubscription subscription = new SessionSubscription(id, destination, AckMode.parse(frame.header("ack")),
                durableName, SubscribeHeaders.prefetch(frame, config.defaultPrefetch()), session.wireVersion(),
                deliveries.outbox());
        Position since = SubscribeHeaders.since(frame);
        int history = SubscribeHeaders.historyCount(frame);
        Replay replay = since != null ? Replay.since(since) : Replay.last(history);
        // Listed before it is attached: a queue may hand it messages while it attaches.
        deliveries.add(subscription);
        Attachment attachment;
        try {
            attachment = router.attach(destination, subscription, replay, durableName, session.quotaOwner());
            subscription.attached(attachment);
        } catch (StompProtocolException refused) {
            deliveries.remove(id);
            throw refused;
        }
        receipts.await(subscription.stored());
        observer.subscribed(session, destination);
        return attachment.recovery().thenApply(Recovery::receiptHeaders);
    }

    /**
     * A resumed subscription subscribed again: no second subscription. One that asks for a replay
     * after a position (the client lost messages with its connection, or with a node) gets one
     * from its topic's history, past which it goes on live; what it received since its session
     * resumed is not handed to it twice. The RECEIPT tells how the position was served.
     */
    private CompletableFuture<Headers> resubscribe(SessionSubscription subscription, Position since)
            throws StompProtocolException {
        subscription.resubscribed(since != null);
        if (since == null || subscription.queue() != null || subscription.durableName != null) {
            return CompletableFuture.completedFuture(Headers.EMPTY);
        }
        subscription.leaveDestination();
        Attachment attachment;
        try {
            attachment = router.attach(subscription.destination, subscription, Replay.since(since), null,
                    session.quotaOwner());
        } catch (StompProtocolException refused) {
            deliveries.remove(subscription.id);
            end(subscription);
            throw refused;
        }
        subscription.attached(attachment);
        return attachment.recovery().thenApply(Recovery::receiptHeaders);
    }

    void unsubscribe(Frame frame, String clientId) throws StompProtocolException {
        String id = frame.header("id");
        if (id == null && session.version() == StompVersion.V1_0) {
            id = frame.header("destination");
        }
        if (id == null) {
            throw RequiredHeaders.missing("id");
        }
        String durableName = SubscribeHeaders.durableSubscriptionName(frame, id, clientId, session.principal().name());
        SessionSubscription subscription = deliveries.remove(id);
        if (subscription == null && durableName == null) {
            throw new StompProtocolException("unknown subscription",
                    "This session has no subscription with id '" + id + "'.");
        }
        if (subscription != null) {
            end(subscription);
        }
        if (durableName != null) {
            router.removeDurableSubscription(durableName);
        }
    }

    /**
     * The session detached to wait for its client: queue subscriptions stop taking entries and give
     * back those not written yet; what they delivered stays theirs, and topic subscriptions go on
     * listening. See {@link #resumeAll}.
     */
    void detachAll() {
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            subscription.notePositions();
            Queue queue = subscription.queue();
            List<QueuedMessage> unwritten = subscription.stopConsuming();
            if (queue != null) {
                queue.release(List.of(), unwritten);
            }
        }
    }

    /**
     * The subscriptions of a resumed session, now this session's own: each is encoded for this
     * connection, what awaited an ACK is lined up to be written again first (queue entries stay
     * the subscription's, counted as delivered once more), and queue subscriptions consume again.
     * A queue subscription that cannot attach again (its queue's limits) ends, its entries back on
     * the queue.
     */
    void resumeAll() {
        for (SessionSubscription subscription : List.copyOf(deliveries.subscriptions())) {
            subscription.resumed(session.wireVersion());
            List<PendingDelivery> pending = subscription.drainPending();
            observer.acknowledgementsPending(-pending.size());
            List<QueuedMessage> held = new ArrayList<>();
            for (PendingDelivery delivery : pending) {
                deliveries.forget(delivery);
                if (delivery.queued() != null) {
                    held.add(delivery.queued());
                } else {
                    subscription.redeliveries.add(delivery.message());
                }
            }
            Queue queue = subscription.queue();
            if (queue != null) {
                try {
                    subscription.attached(router.attach(subscription.destination, subscription, 0,
                            subscription.durableName, session.quotaOwner()));
                } catch (StompProtocolException refused) {
                    queue.release(held, true);
                    deliveries.remove(subscription.id);
                    end(subscription);
                    continue;
                }
                subscription.redeliveries.addAll(queue.adopt(subscription, held));
            }
            deliveries.outbox().resume(subscription);
            deliveries.outbox().list(subscription);
        }
        deliveries.outbox().wake();
    }

    /**
     * Subscribes again as a session of another node was subscribed ({@code record}), holding back
     * what arrives until {@link #releaseRestored} hands in what that node kept. A subscription
     * that cannot attach is not made.
     */
    void restore(SessionRecord.Subscription record) throws StompProtocolException {
        SessionSubscription subscription = new SessionSubscription(record.id(), record.destination(),
                AckMode.parse(record.ack()), record.durableName(), record.prefetch(), session.wireVersion(),
                deliveries.outbox());
        subscription.resumed(session.wireVersion());
        subscription.holdBack();
        deliveries.add(subscription);
        try {
            subscription.attached(router.attach(record.destination(), subscription, 0, record.durableName(),
                    session.quotaOwner()));
        } catch (StompProtocolException refused) {
            deliveries.remove(record.id());
            throw refused;
        }
        subscription.notePositions();
        observer.subscribed(session, record.destination());
    }

    /**
     * What the other node kept of the restored subscriptions, by id ({@code null} when it kept
     * nothing it could hand over) goes to each first, then what each held back since it attached.
     */
    void releaseRestored(Map<String, List<Message>> kept) {
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            subscription.release(kept == null ? null : kept.get(subscription.id));
        }
    }

    /** What the cluster keeps of each subscription, for a session record. */
    List<SessionRecord.Subscription> records() {
        List<SessionRecord.Subscription> records = new ArrayList<>(deliveries.subscriptionCount());
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            records.add(new SessionRecord.Subscription(subscription.id, subscription.destination,
                    subscription.ackMode.wireValue(), subscription.durableName, subscription.prefetch()));
        }
        return records;
    }

    /**
     * Takes the topic messages each subscription holds for its client (those awaiting ACK first,
     * then those waiting), by subscription id, to hand them to the node that resumes the session.
     */
    Map<String, List<Message>> takeKept() {
        Map<String, List<Message>> kept = new HashMap<>();
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            List<Message> messages = new ArrayList<>(subscription.pendingTopicMessages());
            messages.addAll(subscription.takeTopicMessages());
            if (!messages.isEmpty()) {
                kept.put(subscription.id, messages);
            }
        }
        return kept;
    }

    /** Ends every subscription, as when the session closes. */
    void endAll() {
        for (SessionSubscription subscription : deliveries.removeAll()) {
            end(subscription);
        }
    }

    /** Delivers an application's reply to this session's own topic subscriptions that match. */
    void reply(Message message) {
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            if (subscription.queue() == null
                    && DestinationPattern.compile(subscription.destination).matches(message.destination())) {
                subscription.onPublish(message);
            }
        }
    }

    /** Stops a subscription and gives back every queue message it holds, in queue order. */
    private void end(SessionSubscription subscription) {
        subscription.detach();
        observer.unsubscribed(session, subscription.destination);
        List<PendingDelivery> pending = subscription.drainPending();
        observer.acknowledgementsPending(-pending.size());
        List<QueuedMessage> toRelease = new ArrayList<>(pending.size());
        for (PendingDelivery delivery : pending) {
            deliveries.forget(delivery);
            if (delivery.queued() != null) {
                toRelease.add(delivery.queued());
            }
        }
        // Entries handed to the subscription but not written yet go back now: the next drain,
        // which would discard them, never comes while the connection is not writable.
        List<QueuedMessage> unwritten = subscription.takeUnwritten();
        if (subscription.queue() != null) {
            subscription.queue().release(toRelease, unwritten);
        }
    }
}
