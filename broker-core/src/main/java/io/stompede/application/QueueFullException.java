package io.stompede.application;

import io.stompede.frame.StompProtocolException;

/**
 * A message refused by its queue: the queue already holds its maximum of waiting messages,
 * memory is short and the queue holds more than its share of it, or the queue is shared by a
 * cluster that cannot take the message now. A client's SEND gets it as an ERROR, an in-process
 * publish as the failure of its stage. Immutable.
 */
public final class QueueFullException extends StompProtocolException {
    /** The refusal of a message to {@code queue}, which holds {@code maxDepth} messages already. */
    public QueueFullException(String queue, int maxDepth) {
        this("queue is full", "The queue " + queue + " already holds its maximum of " + maxDepth
                + " waiting messages; the message was not accepted.");
    }

    private QueueFullException(String message, String detail) {
        super(message, detail);
    }

    /**
     * The refusal of a message to {@code queue}, which the cluster shares, by a cluster bus that
     * cannot take it now ({@code cause} says why: its store unreachable, too many commands waiting).
     */
    public static QueueFullException clusterUnavailable(String queue, Throwable cause) {
        return new QueueFullException("cluster queue unavailable", "The queue " + queue + " is shared by the "
                + "cluster, which cannot take the message now (" + cause.getMessage() + "); the message was not "
                + "accepted. Send it again later.");
    }

    /**
     * The refusal of a message to {@code queue} while the broker's memory for queued messages is
     * full and this queue holds more than its share: others' queues keep their room.
     */
    public static QueueFullException overMemoryShare(String queue) {
        return new QueueFullException("queue over its memory share", "The broker's memory for queued messages is "
                + "full and the queue " + queue + " holds more than its share of it; the message was not accepted. "
                + "Consume from the queue, or send persistent messages to a broker with a data directory, which "
                + "keeps them on disk.");
    }
}
