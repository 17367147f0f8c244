package io.stompede;

/** An in-process subscription; closing it stops its deliveries. Thread-safe: close from any thread. */
public interface Subscription extends AutoCloseable {
    /** The destination or pattern subscribed to. */
    String destination();

    /** Stops deliveries; queue messages not yet handed to the listener return to the queue. Idempotent. */
    @Override
    void close();
}
