package io.stompede.routing;

import io.stompede.message.Message;

/** Where a queue sends a message it gives up on. Thread-safe. */
@FunctionalInterface
public interface DeadLetters {
    /**
     * Takes {@code message}, removed from {@code queue} for {@code reason} (e.g.
     * {@code delivery-limit}); {@code stored} says whether the queue kept it in the store, in
     * which case the dead letter is stored too.
     */
    void deadLetter(Message message, String queue, String reason, boolean stored);
}
