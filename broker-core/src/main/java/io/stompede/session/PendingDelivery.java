package io.stompede.session;

import io.stompede.message.Message;
import io.stompede.routing.QueuedMessage;

/**
 * A message written to the client and awaiting its ACK or NACK.
 *
 * @param ackId        the delivery's number within the session, sent as {@code ack} in 1.2
 * @param message      the message
 * @param queued       its queue entry, or {@code null} for a topic message
 * @param subscription the subscription it was delivered on
 */
record PendingDelivery(long ackId, Message message, QueuedMessage queued, SessionSubscription subscription) {
}
