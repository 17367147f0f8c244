package io.stompede.observer;

import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's own observer: message counts that {@code Broker.stats()} reports, updated from
 * every session's thread without contention. Always installed, whatever other observers are.
 * Thread-safe.
 */
public final class BrokerCounters implements BrokerObserver {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder messagesDropped = new LongAdder();
    private final LongAdder awaitingAck = new LongAdder();

    @Override
    public void messageReceived(String destination, int bodyBytes) {
        messagesIn.increment();
    }

    @Override
    public void messageDelivered(String destination, int bodyBytes) {
        messagesOut.increment();
    }

    @Override
    public void slowConsumerDropped(String destination) {
        messagesDropped.increment();
    }

    @Override
    public void acknowledgementsPending(int delta) {
        awaitingAck.add(delta);
    }

    /** Messages accepted from clients and in-process publishers. */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** MESSAGE frames written to clients and messages handed to in-process listeners. */
    public long messagesOut() {
        return messagesOut.sum();
    }

    /** Topic messages dropped for slow consumers. */
    public long messagesDropped() {
        return messagesDropped.sum();
    }

    /** Deliveries written to clients that await their ACK or NACK. */
    public long awaitingAck() {
        return awaitingAck.sum();
    }
}
