package io.stompede.routing;

import io.stompede.message.Message;
import io.stompede.store.MessageStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last messages of topics that retain history, for late joiners. Each retained message is a
 * copy marked {@code x-history:true}, stored (as an entry of the queue
 * {@code $history:<topic>}) so that history survives restarts, and settled when it falls out.
 *
 * <p>Thread-safe: one lock per topic that retains history orders its publishes against
 * subscriptions asking for history, so that a subscriber gets the history and then every live
 * message with no gap and no duplicate. Topics without history take no lock.
 */
final class TopicHistory {
    static final String QUEUE_PREFIX = "$history:";

    private final MessageStore store;
    private final ConcurrentHashMap<String, Retained> topics = new ConcurrentHashMap<>();

    TopicHistory(MessageStore store) {
        this.store = store;
    }

    static boolean isHistoryQueue(String queue) {
        return queue.startsWith(QUEUE_PREFIX);
    }

    /**
     * Retains {@code message} on its topic, keeping the last {@code count}, and runs
     * {@code publish} (the live fan-out) under the topic's lock; the stage completes once the
     * retained copy is stored.
     */
    CompletableFuture<Void> publish(Message message, int count, Runnable publish) {
        Retained retained = topics.computeIfAbsent(message.destination(), Retained::new);
        Message marked = message.redirect(message.id(), message.destination(), message.headers().with("x-history", "true"));
        retained.lock.lock();
        try {
            CompletableFuture<Void> stored = store.append(retained.queue, marked).toCompletableFuture().thenApply(at -> null);
            retained.messages.addLast(marked);
            while (retained.messages.size() > count) {
                store.ack(retained.queue, retained.messages.pollFirst().id());
            }
            publish.run();
            return stored;
        } finally {
            retained.lock.unlock();
        }
    }

    /** Puts back a retained message found in the store at start-up. */
    void restore(String queue, Message message) {
        Retained retained = topics.computeIfAbsent(queue.substring(QUEUE_PREFIX.length()), Retained::new);
        retained.lock.lock();
        try {
            retained.messages.addLast(message);
        } finally {
            retained.lock.unlock();
        }
    }

    /**
     * Hands {@code subscriber} up to {@code count} retained messages of {@code topic}, oldest
     * first, then runs {@code subscribe}, both under the topic's lock.
     */
    void replay(String topic, int count, TopicSubscriber subscriber, Runnable subscribe) {
        Retained retained = topics.computeIfAbsent(topic, Retained::new);
        retained.lock.lock();
        try {
            List<Message> all = new ArrayList<>(retained.messages);
            for (Message message : all.subList(Math.max(0, all.size() - count), all.size())) {
                subscriber.onPublish(message);
            }
            subscribe.run();
        } finally {
            retained.lock.unlock();
        }
    }

    private static final class Retained {
        final String queue;
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Message> messages = new ArrayDeque<>();

        Retained(String topic) {
            this.queue = QUEUE_PREFIX + topic;
        }
    }
}
