package io.stompede.routing;

import io.stompede.message.Message;
import io.stompede.message.Position;
import io.stompede.store.MessageStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The last messages of topics that retain history, for late joiners and for subscribers that
 * come back after a position. Each message published gets its topic's next {@link Position}
 * (offset one more than the last, in the topic's epoch), which the live copies carry as well as
 * the retained copy. The retained copy, marked {@code x-history:true}, is stored (as an entry of
 * the queue {@code $history:<topic>}) with its position, so that history, offsets and epoch
 * survive restarts with a journal; a store that keeps nothing across restarts finds no history
 * at start, and the topic starts a new epoch.
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
     * Gives {@code message} its topic's next position, retains it, keeping the last
     * {@code count}, and runs {@code publish} (the live fan-out) with the positioned message under
     * the topic's lock; the stage completes once the retained copy is stored.
     */
    CompletableFuture<Void> publish(Message message, int count, Consumer<Message> publish) {
        Retained retained = topics.computeIfAbsent(message.destination(), Retained::new);
        retained.lock.lock();
        try {
            retained.settle();
            Message positioned = new Position(retained.epoch, ++retained.lastOffset).stamp(message);
            Message marked = positioned.redirect(positioned.id(), positioned.destination(),
                    positioned.headers().with("x-history", "true"));
            CompletableFuture<Void> stored = store.append(retained.queue, marked).toCompletableFuture().thenApply(at -> null);
            retained.messages.addLast(marked);
            while (retained.messages.size() > count) {
                store.ack(retained.queue, retained.messages.pollFirst().id());
            }
            publish.accept(positioned);
            return stored;
        } finally {
            retained.lock.unlock();
        }
    }

    /** Puts back a retained message found in the store at start-up, in the order stored. */
    void restore(String queue, Message message) {
        Retained retained = topics.computeIfAbsent(queue.substring(QUEUE_PREFIX.length()), Retained::new);
        retained.lock.lock();
        try {
            retained.restored(message);
        } finally {
            retained.lock.unlock();
        }
    }

    /**
     * Hands {@code subscriber} what {@code replay} asks of {@code topic}'s retained messages,
     * oldest first, then runs {@code subscribe}, both under the topic's lock; returns what the
     * SUBSCRIBE's RECEIPT tells.
     */
    Recovery replay(String topic, Replay replay, TopicSubscriber subscriber, Runnable subscribe) {
        Retained retained = topics.computeIfAbsent(topic, Retained::new);
        retained.lock.lock();
        try {
            retained.settle();
            Replay.Selection selection = replay.select(retained.epoch, retained.lastOffset, new ArrayList<>(retained.messages));
            for (Message message : selection.messages()) {
                subscriber.onPublish(message);
            }
            subscribe.run();
            return selection.recovery();
        } finally {
            retained.lock.unlock();
        }
    }

    /** One topic's history. Guarded by its lock. */
    private static final class Retained {
        final String queue;
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Message> messages = new ArrayDeque<>();
        String epoch;
        long lastOffset;
        // Whether the messages restored so far form one epoch with increasing offsets.
        boolean consistent = true;

        Retained(String topic) {
            this.queue = QUEUE_PREFIX + topic;
        }

        void restored(Message message) {
            Position position = Position.of(message);
            if (position == null || (epoch != null && (!epoch.equals(position.epoch()) || position.offset() <= lastOffset))) {
                consistent = false;
            } else {
                epoch = position.epoch();
                lastOffset = position.offset();
            }
            messages.addLast(message);
        }

        /**
         * Makes the history ready for use: a topic with nothing restored starts a new epoch; one
         * whose restored messages do not carry one epoch with increasing offsets (stored before
         * positions existed, or damaged) gets a new epoch and offsets from 1, as a lost history would.
         */
        void settle() {
            if (epoch != null && consistent) {
                return;
            }
            epoch = Position.newEpoch();
            lastOffset = 0;
            consistent = true;
            List<Message> old = new ArrayList<>(messages);
            messages.clear();
            for (Message message : old) {
                messages.addLast(new Position(epoch, ++lastOffset).stamp(message));
            }
        }
    }
}
