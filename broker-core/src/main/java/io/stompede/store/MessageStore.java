package io.stompede.store;

import io.stompede.routing.Message;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where persistent queue messages are kept until they are settled, so that a restarted broker
 * can offer them again. The broker appends a message before offering it, acknowledges it once it
 * is settled (acknowledged by a client, or dead-lettered), and replays what is left at start.
 *
 * <p>Thread-safe: called from every session's thread.
 */
public interface MessageStore extends AutoCloseable {
    /**
     * Stores a message. The stage completes when the message is as durable as this store
     * promises; the broker sends the sender's RECEIPT only then.
     */
    CompletionStage<Void> append(Message message);

    /** Records that a stored message is settled and must not be replayed. Unknown ids are ignored. */
    void ack(Message message);

    /** Hands every stored, unsettled message to {@code sink}, in the order they were appended. */
    void replay(Consumer<Message> sink);

    /** Releases the store's resources. */
    @Override
    void close();
}
