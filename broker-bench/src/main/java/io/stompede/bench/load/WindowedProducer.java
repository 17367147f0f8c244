package io.stompede.bench.load;

import java.util.function.LongSupplier;

/**
 * A producer that keeps at most {@code window} of its messages in flight, as fast as the broker
 * takes them. It sends in half-window bursts: when it stops, it names the delivery count at
 * which it wants to resume, and whoever's count reaches exactly that number wakes it, so a
 * consumer costs the producer one hand-off per half window rather than one per message.
 *
 * <p>Threading: {@link #pump} runs on the client's loop; {@link #onDelivered} on any loop.
 */
final class WindowedProducer {
    private final StompClient client;
    private final byte[] prefix;
    private final int origin;
    private final int size;
    private final long window;
    private final LongSupplier delivered;
    private final Runnable pump = this::pump;
    private volatile long resumeAt = -1;
    private volatile boolean stopped;
    volatile long sent;

    /** @param delivered how many of this producer's messages every consumer that counts has received (the minimum, for a topic) */
    WindowedProducer(StompClient client, String destination, int origin, int size, long window, LongSupplier delivered) {
        this.client = client;
        this.prefix = Target.sendPrefix(destination, size);
        this.origin = origin;
        this.size = size;
        this.window = Math.max(2, window);
        this.delivered = delivered;
    }

    void start() {
        client.loop().execute(pump);
    }

    void stop() {
        stopped = true;
    }

    /** A consumer's count of this producer's messages after one more arrived. */
    void onDelivered(long count) {
        if (count == resumeAt) {
            client.loop().execute(pump);
        }
    }

    private void pump() {
        while (!stopped && !client.closed) {
            long room = window - (sent - delivered.getAsLong());
            if (room < window / 2) {
                resumeAt = sent - window / 2;
                // The last consumer may have passed the mark before it was published.
                if (delivered.getAsLong() < resumeAt) {
                    return;
                }
                continue;
            }
            long now = System.nanoTime();
            long next = sent;
            for (long i = 0; i < room; i++) {
                client.send(prefix, origin, next++, now, size);
            }
            sent = next;
        }
    }
}
