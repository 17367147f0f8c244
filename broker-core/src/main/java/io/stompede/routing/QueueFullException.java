package io.stompede.routing;

import io.stompede.frame.StompProtocolException;

/** A SEND to a queue that already holds its maximum of waiting messages. */
public final class QueueFullException extends StompProtocolException {
    QueueFullException(String queue, int maxDepth) {
        super("queue is full", "The queue " + queue + " already holds its maximum of " + maxDepth
                + " waiting messages; the message was not accepted.");
    }
}
