package io.stompede.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes topic messages with at most one PUBLISH in flight per channel: what a channel is sent
 * while Redis has not answered the last one waits, and goes in one PUBLISH as a batch when the
 * answer comes. At a low rate each message is its own PUBLISH; under load a round trip carries
 * everything sent meanwhile, so Redis sees one command per channel per round trip instead of one
 * per message, and a node never piles up unanswered commands. Per channel the order is kept.
 * What waits is bounded per channel; past the bound a message is not sent, and counted.
 *
 * <p>Thread-safe: each channel's state is guarded by its own monitor, never held while calling Redis.
 */
final class TopicPublisher {
    private final RedisLink link;
    private final int maxWaiting;
    private final AtomicLong published;
    private final Consumer<Throwable> failed;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    /**
     * @param maxWaiting how many messages may wait for one channel's PUBLISH in flight
     * @param published  counts the messages Redis accepted
     * @param failed     told of each message not sent: refused by Redis, or past the bound
     */
    TopicPublisher(RedisLink link, int maxWaiting, AtomicLong published, Consumer<Throwable> failed) {
        this.link = link;
        this.maxWaiting = maxWaiting;
        this.published = published;
        this.failed = failed;
    }

    /** Sends an encoded envelope to {@code channel}, now or with the next batch. */
    void publish(String channel, byte[] envelope) {
        Channel state = channels.computeIfAbsent(channel, Channel::new);
        synchronized (state) {
            if (state.inFlight) {
                if (state.waiting.size() >= maxWaiting) {
                    failed.accept(new IllegalStateException(maxWaiting + " messages already wait for " + channel));
                    return;
                }
                state.waiting.add(envelope);
                return;
            }
            state.inFlight = true;
        }
        send(state, List.of(envelope));
    }

    private void send(Channel state, List<byte[]> envelopes) {
        byte[] payload = envelopes.size() == 1 ? envelopes.get(0) : Envelope.batch(envelopes);
        link.publish(state.name, payload).whenComplete((receivers, failure) -> {
            if (failure != null) {
                envelopes.forEach(envelope -> failed.accept(failure));
            } else {
                published.addAndGet(envelopes.size());
            }
            List<byte[]> next;
            synchronized (state) {
                if (state.waiting.isEmpty()) {
                    state.inFlight = false;
                    return;
                }
                next = state.waiting;
                state.waiting = new ArrayList<>();
            }
            send(state, next);
        });
    }

    /** One channel's PUBLISH in flight, if any, and what waits for it; guarded by itself. */
    private static final class Channel {
        final String name;
        boolean inFlight;
        List<byte[]> waiting = new ArrayList<>();

        Channel(String name) {
            this.name = name;
        }
    }
}
