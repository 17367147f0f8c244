package io.stompede.config;

import io.stompede.destination.DestinationPattern;
import java.util.List;
import java.util.Objects;

/**
 * What a broker keeps and for how long: queues whose every message is stored, the bound of a
 * durable subscription, the history topics retain, and the cap on messages held in memory.
 * Immutable; built by {@link io.stompede.BrokerBuilder}, where each setting is documented with its default.
 *
 * @param durableQueues          patterns of queues whose messages are all stored, as if sent
 *                               with {@code persistent:true}
 * @param maxDurableSubscriptionDepth the most messages a durable subscription keeps while its
 *                               subscriber is away; newer ones are dropped for it beyond that
 * @param history                which topics retain how many of their last messages
 * @param maxMemoryBytes         the queue message bytes (bodies and headers) held in memory past
 *                               which producers are slowed; {@link Long#MAX_VALUE} for no cap
 */
public record DurabilityConfig(List<DestinationPattern> durableQueues, int maxDurableSubscriptionDepth,
                               List<HistoryRule> history, long maxMemoryBytes) {
    /** Nothing durable beyond {@code persistent:true}, no history, no memory cap. */
    /**
     * No durable queues or history, 10,000 messages per durable subscription, and a memory cap of
     * a quarter of the heap: enough to buffer bursts, and far enough from the heap's end that a
     * producer outrunning its consumers is paused before the broker runs out of memory.
     */
    public static final DurabilityConfig DEFAULTS = new DurabilityConfig(List.of(), 10_000, List.of(),
            Runtime.getRuntime().maxMemory() / 4);

    /** Topics matching {@code pattern} retain their last {@code count} messages for late joiners. */
    public record HistoryRule(DestinationPattern pattern, int count) {
        public HistoryRule {
            Objects.requireNonNull(pattern, "pattern");
            if (count <= 0) {
                throw new IllegalArgumentException("history count must be positive, was " + count);
            }
        }
    }

    public DurabilityConfig {
        durableQueues = List.copyOf(durableQueues);
        history = List.copyOf(history);
        if (maxDurableSubscriptionDepth <= 0) {
            throw new IllegalArgumentException("maxDurableSubscriptionDepth must be positive, was " + maxDurableSubscriptionDepth);
        }
        if (maxMemoryBytes <= 0) {
            throw new IllegalArgumentException("maxMemoryBytes must be positive, was " + maxMemoryBytes);
        }
    }

    /** Whether every message of this queue is stored. */
    public boolean isDurableQueue(String queue) {
        for (DestinationPattern pattern : durableQueues) {
            if (pattern.matches(queue)) {
                return true;
            }
        }
        return false;
    }

    /** How many messages a topic retains: the first matching rule's count, or 0. */
    public int historyOf(String topic) {
        for (HistoryRule rule : history) {
            if (rule.pattern().matches(topic)) {
                return rule.count();
            }
        }
        return 0;
    }
}
