package io.stompede.routing;

import io.stompede.message.Message;
import java.util.concurrent.CompletableFuture;

/** Where a queue sends a message it gives up on. Thread-safe. */
@FunctionalInterface
public interface DeadLetters {
    /**
     * Takes {@code message}, removed from {@code queue} for {@code reason} (e.g.
     * {@code delivery-limit}); {@code stored} says whether the queue kept it in the store, in
     * which case the dead letter is stored too. The stage completes once the dead letter is as
     * safe as its destination keeps it (at once when it is dropped), and fails when the
     * destination could not take it for now, as a cluster that cannot be reached.
     */
    CompletableFuture<Void> deadLetter(Message message, String queue, String reason, boolean stored);
}
