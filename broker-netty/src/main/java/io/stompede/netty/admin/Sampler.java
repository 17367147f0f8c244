package io.stompede.netty.admin;

import io.stompede.Broker;
import io.stompede.BrokerStats;
import io.stompede.admin.DestinationSummary;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the broker once a second: keeps the last ten minutes of points (message rates,
 * connections, sessions, queue depth) for the status page's charts, and each destination's rates
 * from the growth of its totals since the previous reading. It remembers only the destinations
 * the broker listed last, so it holds as much as the broker's own list. Topic totals come from
 * {@link BrokerCounts}, which it tells which topics to count.
 *
 * <p>Confined to the admin event loop, which runs its readings and every request that reads it.
 */
final class Sampler {
    /** Points kept: ten minutes, one a second. */
    static final int MAX_POINTS = 600;

    /** One reading of the whole broker. */
    record Point(long t, double inRate, double outRate, int connections, int sessions, long queueDepth) {
    }

    /** A destination's messages per second, in and out, over the last interval. */
    record Rates(double inRate, double outRate) {
        static final Rates NONE = new Rates(0, 0);
    }

    private record Totals(long in, long out) {
    }

    private final Broker broker;
    private final BrokerCounts counts;
    private final Clock clock;
    private final ArrayDeque<Point> points = new ArrayDeque<>(MAX_POINTS);
    private Map<String, Totals> previous = Map.of();
    private Map<String, Rates> rates = Map.of();
    private long previousIn;
    private long previousOut;
    private long previousNanos;

    Sampler(Broker broker, BrokerCounts counts, Clock clock) {
        this.broker = broker;
        this.counts = counts;
        this.clock = clock;
    }

    /** The first reading, from which the next one's rates are counted; it makes no point. */
    void start() {
        read(false);
    }

    /** A reading: one more point, the oldest gone past ten minutes, and fresh rates. */
    void tick() {
        read(true);
    }

    private void read(boolean addPoint) {
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nanos - previousNanos) / (double) TimeUnit.SECONDS.toNanos(1));
        BrokerStats stats = broker.stats();
        if (addPoint) {
            long depth = stats.queueDepths().values().stream().mapToLong(Integer::longValue).sum();
            if (points.size() == MAX_POINTS) {
                points.removeFirst();
            }
            points.addLast(new Point(clock.millis(), perSecond(stats.messagesIn() - previousIn, seconds),
                    perSecond(stats.messagesOut() - previousOut, seconds), stats.connections(),
                    stats.connectedSessions(), depth));
        }
        previousIn = stats.messagesIn();
        previousOut = stats.messagesOut();

        List<DestinationSummary> destinations = broker.destinations();
        List<String> topics = new ArrayList<>();
        for (DestinationSummary destination : destinations) {
            if (destination.kind() == DestinationSummary.Kind.TOPIC) {
                topics.add(destination.name());
            }
        }
        counts.trackTopics(topics);
        Map<String, Totals> now = new HashMap<>();
        Map<String, Rates> newRates = new HashMap<>();
        for (DestinationSummary destination : destinations) {
            String key = key(destination);
            Totals totals = totals(destination);
            now.put(key, totals);
            Totals before = previous.get(key);
            if (before != null && addPoint) {
                newRates.put(key, new Rates(perSecond(totals.in() - before.in(), seconds),
                        perSecond(totals.out() - before.out(), seconds)));
            }
        }
        previous = now;
        rates = newRates;
        previousNanos = nanos;
    }

    private Totals totals(DestinationSummary destination) {
        if (destination.kind() != DestinationSummary.Kind.TOPIC) {
            return new Totals(destination.enqueued(), destination.settled());
        }
        BrokerCounts.TopicCount topic = counts.topic(destination.name());
        return topic == null ? new Totals(0, 0) : new Totals(topic.in.sum(), topic.out.sum());
    }

    private static double perSecond(long delta, double seconds) {
        return Math.max(0, delta) / seconds;
    }

    private static String key(DestinationSummary destination) {
        return destination.kind() + " " + destination.name();
    }

    /** The rates of {@code destination} over the last interval; zero when it is new. */
    Rates rates(DestinationSummary destination) {
        return rates.getOrDefault(key(destination), Rates.NONE);
    }

    /** The points, oldest first. */
    List<Point> points() {
        return List.copyOf(points);
    }

    /** The latest point, or {@code null} before the first tick. */
    Point latest() {
        return points.peekLast();
    }
}
