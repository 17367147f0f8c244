package io.stompede.store;

import io.stompede.routing.Message;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps persistent messages in memory: they survive a broker being closed and built again on the
 * same store instance (as in a test), not the process. The default store. Thread-safe.
 */
public final class InMemoryMessageStore implements MessageStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<String, Stored> messages = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public CompletionStage<Void> append(Message message) {
        messages.put(message.id(), new Stored(sequence.incrementAndGet(), message));
        return DONE;
    }

    @Override
    public void ack(Message message) {
        messages.remove(message.id());
    }

    @Override
    public void replay(Consumer<Message> sink) {
        messages.values().stream()
                .sorted(Comparator.comparingLong(Stored::sequence))
                .map(Stored::message)
                .forEach(sink);
    }

    /** How many messages are stored and unsettled. */
    public int size() {
        return messages.size();
    }

    @Override
    public void close() {
        // Nothing to release: the messages stay for the next broker built on this store.
    }

    private record Stored(long sequence, Message message) {
    }

    @Override
    public String toString() {
        return "InMemoryMessageStore[" + messages.size() + " messages]";
    }

}
