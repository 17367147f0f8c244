package io.stompede.session;

import java.util.concurrent.atomic.LongAdder;

/** Message counts of a broker, updated from every session's thread without contention. Thread-safe. */
public final class BrokerCounters {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder messagesDropped = new LongAdder();
    private final LongAdder awaitingAck = new LongAdder();

    void received() {
        messagesIn.increment();
    }

    void delivered() {
        messagesOut.increment();
    }

    void dropped() {
        messagesDropped.increment();
    }

    void awaitingAck(int delta) {
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

    /** Counts a message accepted by an in-process publisher. */
    public void publishedInProcess() {
        messagesIn.increment();
    }

    /** Counts a message handed to an in-process listener. */
    public void deliveredInProcess() {
        messagesOut.increment();
    }
}
