package io.stompede.store;

import io.stompede.message.Message;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where stored messages are kept until they are settled, so that a restarted broker can offer
 * them again. Its vocabulary is a journal's: a message is <em>appended</em> to a named queue (a
 * queue proper, a durable subscription's queue or a topic's retained history) and later
 * <em>acknowledged</em> there; a <em>binding</em> records that a durable subscription's queue is
 * fed by a topic pattern. At start the broker <em>replays</em> what is still live.
 *
 * <p>The same message may be appended to several queues (a topic message fanned out to durable
 * subscriptions); the pair (queue, message id) names one stored entry.
 *
 * <p>A store that keeps entries outside the heap gives each a <em>location</em> from which
 * {@link #read} reads it back while it is live: a queue with more than memory allows keeps only
 * locations and pages messages in as consumers make room. A store that cannot reports
 * {@link #NOT_READABLE}.
 *
 * <p>Thread-safe: called from every session's thread.
 */
public interface MessageStore extends AutoCloseable {
    /** The location of an entry that {@link #read} cannot read back. */
    long NOT_READABLE = -1;

    /**
     * Stores a message on a queue. The stage completes when the entry is as durable as this store
     * promises, which is when the broker sends the sender's RECEIPT, with the entry's location
     * ({@link #NOT_READABLE} if the store cannot read it back).
     */
    CompletionStage<Long> append(String queue, Message message);

    /**
     * Reads back the message of a live entry from its location. It may read a disk, so it is not
     * to be called under a lock.
     *
     * @throws java.io.UncheckedIOException when it cannot be read
     * @throws UnsupportedOperationException when this store gives no locations
     */
    default Message read(long location) {
        throw new UnsupportedOperationException(this + " cannot read entries back");
    }

    /**
     * Whether {@link #read} reads entries back, so that a queue may keep only their locations in
     * memory; {@code false} for a store that keeps its entries on the heap anyway.
     */
    default boolean readsBack() {
        return false;
    }

    /** What this store wrote and keeps, for monitoring; empty (the default) for a store with nothing to tell. */
    default Optional<StoreStats> stats() {
        return Optional.empty();
    }

    /** Records that an entry is settled and must not be replayed. Unknown entries are ignored. */
    void ack(String queue, String messageId);

    /**
     * Records that {@code queue} is a durable subscription fed by {@code topicPattern}, replacing
     * any earlier binding of that queue; the stage completes once that is durable.
     */
    CompletionStage<Void> bind(String queue, String topicPattern);

    /** Removes a durable subscription's binding; its entries must have been acknowledged first. */
    void unbind(String queue);

    /**
     * Hands everything live to {@code recovery}: first every binding, then every unsettled entry,
     * each queue's entries in the order they were appended. Called once, before any other method.
     */
    void replay(Recovery recovery);

    /** Releases the store's resources; what was appended before stays stored. */
    @Override
    void close();

    /** Receives a store's content at start. */
    interface Recovery {
        /** A durable subscription's queue and the topic pattern that feeds it. */
        void binding(String queue, String topicPattern);

        /**
         * An unsettled entry, at {@code location} (see {@link #read}). Its message is decoded
         * only when {@code message} is called, during this call only, so that a receiver
         * leaving it on disk does not pay for decoding it.
         */
        void message(String queue, long location, Supplier<Message> message);
    }
}
