package io.stompede.cluster.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes topic messages with at most one PUBLISH in flight per channel: what a channel is sent
 * while Redis has not answered the last one waits, and goes in one PUBLISH as a batch when the
 * answer comes. At a low rate each message is its own PUBLISH; under load a round trip carries
 * what was sent meanwhile, so Redis sees one command per channel per round trip instead of one
 * per message, and a node never piles up unanswered commands. Per channel the order is kept.
 *
 * <p>Bounds: at most {@code maxWaiting} messages wait per channel (past it a message is not sent,
 * and counted), and a batch carries at most {@link #MAX_BATCH_BYTES}, well under what Redis lets
 * a subscriber's output buffer hold, the rest going with the next. A channel with nothing in
 * flight is forgotten, so that topics published once cost nothing afterwards.
 *
 * <p>Thread-safe: each channel's state changes inside the map's compute for its name, which
 * never calls Redis.
 */
final class TopicPublisher {
    static final int MAX_BATCH_BYTES = 1 << 20;

    /** Sends one batch for one key, oldest first; the stage completes once Redis answered. */
    interface Sender {
        CompletionStage<?> send(String key, List<byte[]> envelopes);
    }

    private final Sender sender;
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
        this((channel, envelopes) -> link.publish(channel,
                envelopes.size() == 1 ? envelopes.get(0) : Envelope.batch(envelopes)), maxWaiting, published, failed);
    }

    /**
     * Batches for {@code sender} instead of PUBLISHing: keys are then what the sender makes of
     * them (a topic whose history a script appends to and publishes).
     */
    TopicPublisher(Sender sender, int maxWaiting, AtomicLong published, Consumer<Throwable> failed) {
        this.sender = sender;
        this.maxWaiting = maxWaiting;
        this.published = published;
        this.failed = failed;
    }

    /** Sends an encoded envelope to {@code channel}, now or with the next batch. */
    void publish(String channel, byte[] envelope) {
        boolean[] sendNow = new boolean[1];
        boolean[] refused = new boolean[1];
        channels.compute(channel, (name, state) -> {
            if (state == null) {
                sendNow[0] = true;
                return new Channel();
            }
            if (state.waiting.size() >= maxWaiting) {
                refused[0] = true;
            } else {
                state.waiting.add(envelope);
            }
            return state;
        });
        if (refused[0]) {
            failed.accept(new IllegalStateException(maxWaiting + " messages already wait for " + channel));
        } else if (sendNow[0]) {
            send(channel, List.of(envelope));
        }
    }

    private void send(String channel, List<byte[]> envelopes) {
        sender.send(channel, envelopes).whenComplete((answer, failure) -> {
            if (failure != null) {
                envelopes.forEach(envelope -> failed.accept(failure));
            } else {
                published.addAndGet(envelopes.size());
            }
            List<byte[]> next = new ArrayList<>();
            channels.computeIfPresent(channel, (name, state) -> {
                int bytes = 0;
                while (!state.waiting.isEmpty()
                        && (next.isEmpty() || bytes + state.waiting.peek().length <= MAX_BATCH_BYTES)) {
                    byte[] envelope = state.waiting.poll();
                    bytes += envelope.length;
                    next.add(envelope);
                }
                // Nothing more to send: the channel is idle, and forgotten.
                return next.isEmpty() ? null : state;
            });
            if (!next.isEmpty()) {
                send(channel, next);
            }
        });
    }

    /** What waits for a channel's PUBLISH in flight; present in the map exactly while one is in flight. */
    private static final class Channel {
        final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    }
}
