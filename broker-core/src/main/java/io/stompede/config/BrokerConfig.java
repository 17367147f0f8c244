package io.stompede.config;

import io.stompede.frame.FrameLimits;
import io.stompede.frame.StompVersion;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a broker is configured with, validated once. Immutable; built by
 * {@link io.stompede.BrokerBuilder}, where each setting is documented with its default.
 */
public record BrokerConfig(
        String serverName,
        Set<StompVersion> versions,
        FrameLimits frameLimits,
        Duration connectTimeout,
        Duration heartbeatFloor,
        Duration heartbeatCeiling,
        double heartbeatGraceFactor,
        Set<String> virtualHosts,
        String topicPrefix,
        String queuePrefix,
        DestinationType defaultDestinationType,
        int defaultPrefetch,
        int maxQueueDepth,
        int maxDeliveries,
        String deadLetterDestination,
        int maxPendingTopicMessages,
        SlowConsumerPolicy slowConsumerPolicy,
        int maxSubscriptionsPerSession,
        int maxTransactionsPerSession,
        int maxFramesPerTransaction,
        long maxTransactionBytes,
        int maxFramesPerSecond,
        int maxThrottledSeconds,
        int maxDurableSubscriptions,
        int maxDurableSubscriptionsPerPrincipal,
        int maxAnonymousDurableSubscriptions,
        int maxQueues,
        int maxQueuesPerPrincipal,
        Duration idleDestinationTimeout,
        Duration credentialsWarning) {

    /** How a destination routes its messages. */
    public enum DestinationType {
        /** Every subscriber gets every message. */
        PUBLISH_SUBSCRIBE,
        /** Each message goes to exactly one consumer. */
        POINT_TO_POINT
    }

    /** What happens to a topic subscriber whose connection does not keep up. */
    public enum SlowConsumerPolicy {
        /** The subscriber's oldest undelivered topic messages are dropped; it stays connected. */
        DROP_OLDEST,
        /** The subscriber is sent an ERROR and disconnected; others are unaffected. */
        DISCONNECT
    }

    public BrokerConfig {
        Objects.requireNonNull(serverName, "serverName");
        versions = Set.copyOf(EnumSet.copyOf(versions));
        Objects.requireNonNull(frameLimits, "frameLimits");
        requirePositive(connectTimeout, "connectTimeout");
        requireNotNegative(heartbeatFloor, "heartbeatFloor");
        requireNotNegative(heartbeatCeiling, "heartbeatCeiling");
        if (heartbeatCeiling.compareTo(heartbeatFloor) < 0) {
            throw new IllegalArgumentException("heartbeatCeiling must not be below heartbeatFloor");
        }
        if (heartbeatGraceFactor < 1.0) {
            throw new IllegalArgumentException("heartbeatGraceFactor must be at least 1.0");
        }
        virtualHosts = Set.copyOf(virtualHosts);
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(queuePrefix, "queuePrefix");
        Objects.requireNonNull(defaultDestinationType, "defaultDestinationType");
        requirePositive(defaultPrefetch, "defaultPrefetch");
        if (maxQueueDepth < 0) {
            throw new IllegalArgumentException("maxQueueDepth must be 0 (no count) or more, was " + maxQueueDepth);
        }
        requirePositive(maxDeliveries, "maxDeliveries");
        Objects.requireNonNull(deadLetterDestination, "deadLetterDestination");
        requirePositive(maxPendingTopicMessages, "maxPendingTopicMessages");
        Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
        requirePositive(maxSubscriptionsPerSession, "maxSubscriptionsPerSession");
        requirePositive(maxTransactionsPerSession, "maxTransactionsPerSession");
        requirePositive(maxFramesPerTransaction, "maxFramesPerTransaction");
        if (maxTransactionBytes <= 0) {
            throw new IllegalArgumentException("maxTransactionBytes must be positive, was " + maxTransactionBytes);
        }
        if (maxFramesPerSecond < 0) {
            throw new IllegalArgumentException("maxFramesPerSecond must not be negative, was " + maxFramesPerSecond);
        }
        if (maxThrottledSeconds < 0) {
            throw new IllegalArgumentException("maxThrottledSeconds must not be negative, was " + maxThrottledSeconds);
        }
        requirePositive(maxDurableSubscriptions, "maxDurableSubscriptions");
        requirePositive(maxDurableSubscriptionsPerPrincipal, "maxDurableSubscriptionsPerPrincipal");
        if (maxAnonymousDurableSubscriptions < 0) {
            throw new IllegalArgumentException("maxAnonymousDurableSubscriptions must not be negative, was "
                    + maxAnonymousDurableSubscriptions);
        }
        requirePositive(maxQueues, "maxQueues");
        requirePositive(maxQueuesPerPrincipal, "maxQueuesPerPrincipal");
        requireNotNegative(idleDestinationTimeout, "idleDestinationTimeout");
        requireNotNegative(credentialsWarning, "credentialsWarning");
    }

    /** How a destination name routes: by prefix, else the configured default. */
    public DestinationType typeOf(String destination) {
        if (destination.startsWith(queuePrefix)) {
            return DestinationType.POINT_TO_POINT;
        }
        if (destination.startsWith(topicPrefix)) {
            return DestinationType.PUBLISH_SUBSCRIBE;
        }
        return defaultDestinationType;
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
