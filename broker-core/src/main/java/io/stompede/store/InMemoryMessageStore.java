package io.stompede.store;

import io.stompede.message.Message;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps stored messages in memory: they survive a broker being closed and built again on the
 * same store instance (as in a test), not the process. The default store. Thread-safe.
 */
public final class InMemoryMessageStore implements MessageStore {
    private static final CompletableFuture<Long> STORED = CompletableFuture.completedFuture(NOT_READABLE);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<String, Stored> messages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> bindings = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public CompletionStage<Long> append(String queue, Message message) {
        messages.put(JournalKeys.key(queue, message.id()), new Stored(sequence.incrementAndGet(), queue, message));
        return STORED;
    }

    @Override
    public void ack(String queue, String messageId) {
        messages.remove(JournalKeys.key(queue, messageId));
    }

    @Override
    public CompletionStage<Void> bind(String queue, String topicPattern) {
        bindings.put(queue, topicPattern);
        return DONE;
    }

    @Override
    public void unbind(String queue) {
        bindings.remove(queue);
    }

    @Override
    public void replay(Recovery recovery) {
        for (Map.Entry<String, String> binding : bindings.entrySet()) {
            recovery.binding(binding.getKey(), binding.getValue());
        }
        messages.values().stream()
                .sorted(Comparator.comparingLong(Stored::sequence))
                .forEach(stored -> recovery.message(stored.queue(), NOT_READABLE, stored::message));
    }

    /** How many entries are stored and unsettled. */
    public int size() {
        return messages.size();
    }

    @Override
    public void close() {
        // Nothing to release: the messages stay for the next broker built on this store.
    }

    private record Stored(long sequence, String queue, Message message) {
    }

    @Override
    public String toString() {
        return "InMemoryMessageStore[" + messages.size() + " messages]";
    }
}
