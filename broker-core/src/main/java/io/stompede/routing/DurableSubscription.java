package io.stompede.routing;

import java.util.concurrent.CompletableFuture;

/**
 * A durable topic subscription: the topic pattern that feeds its queue, the queue its messages
 * wait in while the subscriber is away, and the stage that completes once its binding is as
 * durable as the store promises (at once for one restored from the store), which is when the
 * RECEIPT of the SUBSCRIBE that created it may be sent.
 */
public record DurableSubscription(String pattern, Queue queue, CompletableFuture<Void> bound) {
}
