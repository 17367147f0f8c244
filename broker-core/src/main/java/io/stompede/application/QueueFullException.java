package io.stompede.application;

import io.stompede.frame.StompProtocolException;

/**
 * A message refused because its queue already holds its maximum of waiting messages: a client's
 * SEND gets it as an ERROR, an in-process publish as the failure of its stage. Immutable.
 */
public final class QueueFullException extends StompProtocolException {
    /** The refusal of a message to {@code queue}, which holds {@code maxDepth} messages already. */
    public QueueFullException(String queue, int maxDepth) {
        super("queue is full", "The queue " + queue + " already holds its maximum of " + maxDepth
                + " waiting messages; the message was not accepted.");
    }
}
