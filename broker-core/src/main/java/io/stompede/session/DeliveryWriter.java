package io.stompede.session;

import io.stompede.frame.StompVersion;
import io.stompede.message.Delivery;
import io.stompede.message.Message;
import io.stompede.observer.BrokerObserver;
import io.stompede.routing.QueuedMessage;
import java.util.List;

/**
 * Turns what waits in a session's outbox into MESSAGE frames: the per-delivery headers, the ack id
 * a client-ack subscription must quote (recorded as awaiting acknowledgement), redelivery flags,
 * and the settlement of a queue entry delivered in {@code auto} mode. What can no longer be
 * delivered is discarded, a queue entry going back to its queue unseen. Confined to the session's thread.
 */
final class DeliveryWriter implements Outbox.Writer {
    private final Session session;
    private final DeliveryState deliveries;
    private final BrokerObserver observer;

    DeliveryWriter(Session session, DeliveryState deliveries, BrokerObserver observer) {
        this.session = session;
        this.deliveries = deliveries;
        this.observer = observer;
    }

    /** Writes one waiting item of a subscription; returns whether a frame was written. */
    @Override
    public boolean write(SessionSubscription subscription, Delivery item, boolean redelivery) {
        if (!subscription.isActive() || !session.isConnected()) {
            return discard(subscription, item, redelivery);
        }
        Message message = item.message();
        QueuedMessage queued = item instanceof QueuedMessage entry ? entry : null;
        StompVersion version = session.version();
        long ackId = -1;
        if (subscription.ackMode != AckMode.AUTO) {
            ackId = deliveries.awaitAcknowledgement(subscription, message, queued, version != StompVersion.V1_2);
            observer.acknowledgementsPending(1);
        }
        // A topic message has no count of its own: a redelivery after resume is its second delivery.
        int deliveryCount = queued == null ? (redelivery ? 2 : 1) : queued.previousDeliveries() + 1;
        session.write(new MessageFrame(subscription.id, subscription.subscriptionLine(),
                version == StompVersion.V1_2 ? ackId : -1, deliveryCount,
                redelivery || queued != null && queued.isRecovered(),
                message.encodedHeaderLines(session.wireVersion()), message));
        observer.messageDelivered(message.destination(), message.sharedBody().length);
        if (queued != null && subscription.ackMode == AckMode.AUTO) {
            queued.queue().settle(queued);
        }
        return true;
    }

    /**
     * Drops an item that can no longer be delivered; a queue entry goes back to its queue unseen
     * (one to be redelivered after resume was counted as delivered when the session took it back).
     */
    boolean discard(SessionSubscription subscription, Delivery item, boolean redelivery) {
        if (item instanceof QueuedMessage queued) {
            queued.queue().release(List.of(queued), false);
        }
        return false;
    }
}
