package io.stompede.application;

import io.stompede.frame.Headers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * What an {@link ApplicationHandler} may do with a message it received. Valid on the sending
 * session's thread while the handler runs; {@link #publish} may also be called later, from any thread.
 */
public interface ApplicationContext {
    /**
     * Publishes to any destination, as if a client had sent it. The stage completes when the
     * message is routed (and stored, if persistent), or fails when a queue is full.
     */
    CompletableFuture<Void> publish(String destination, Headers headers, byte[] body);

    /** Publishes a UTF-8 text body with {@code content-type:text/plain}. */
    default CompletableFuture<Void> publish(String destination, String text) {
        return publish(destination, Headers.of("content-type", "text/plain;charset=UTF-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers the sender alone: the message goes to each of the sender's own subscriptions
     * whose destination or pattern matches {@code destination}, and to nobody else.
     */
    void reply(String destination, Headers headers, byte[] body);
}
