package io.stompede;

import java.util.Map;

/**
 * A snapshot of a broker's state, for monitoring and tests. Immutable; the figures are read one
 * after another, not atomically together.
 *
 * @param connections          open client connections (sessions), connected or not yet
 * @param connectedSessions    sessions that completed CONNECT
 * @param subscriptions        client and in-process subscriptions per destination or pattern
 * @param messagesIn           messages accepted from clients and in-process publishers
 * @param messagesOut          deliveries written to clients or handed to listeners
 * @param messagesDropped      topic messages dropped for slow consumers
 * @param queueDepths          messages waiting per queue
 * @param queueInFlight        queue messages handed to consumers and not yet settled
 * @param awaitingAck          deliveries written to clients that await ACK or NACK
 * @param queueMemoryBytes     the estimated bytes of queue messages held in memory, which the
 *                             memory cap bounds
 * @param pagedOut             stored queue messages kept on disk rather than in memory
 */
public record BrokerStats(int connections, int connectedSessions, Map<String, Integer> subscriptions,
                          long messagesIn, long messagesOut, long messagesDropped,
                          Map<String, Integer> queueDepths, long queueInFlight, long awaitingAck,
                          long queueMemoryBytes, long pagedOut) {
    public BrokerStats {
        subscriptions = Map.copyOf(subscriptions);
        queueDepths = Map.copyOf(queueDepths);
    }

    /** The number of subscriptions in all. */
    public int subscriptionCount() {
        return subscriptions.values().stream().mapToInt(Integer::intValue).sum();
    }
}
