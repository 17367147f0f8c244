package io.stompede.admin;

/**
 * One destination as an administrator sees it: a queue (or a durable subscription's queue) with
 * its depth and its totals, or a topic pattern with its subscribers. The totals only grow, so a
 * monitor that reads them twice has the rates. Immutable; the figures are read one after another,
 * not atomically together.
 *
 * @param name        the queue's name, the durable subscription's name (as
 *                    {@code Broker.deleteDurableSubscription} takes it), or the topic or pattern as subscribed
 * @param kind        what it is
 * @param subscribers queue consumers, or topic subscribers of this very pattern
 * @param depth       messages waiting (queues; 0 for topics)
 * @param inFlight    messages handed to consumers and not yet settled (queues; 0 for topics)
 * @param enqueued    messages put on the queue since it was created (queues; 0 for topics)
 * @param settled     messages acknowledged or otherwise done with (queues; 0 for topics)
 * @param bytes       bytes of its messages held in memory, waiting or in flight, the figure the
 *                    memory cap counts and shares out (queues; 0 for topics, whose messages are not kept)
 */
public record DestinationSummary(String name, Kind kind, int subscribers, int depth, int inFlight, long enqueued,
                                 long settled, long bytes) {
    /** What a destination is. */
    public enum Kind {
        /** A point-to-point queue: each message to one consumer. */
        QUEUE,
        /** The queue of a durable topic subscription, listed by the subscription's name. */
        DURABLE_SUBSCRIPTION,
        /** A topic or topic pattern with live subscribers. */
        TOPIC
    }
}
