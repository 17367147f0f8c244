package io.stompede.netty.admin;

import io.stompede.Broker;
import io.stompede.BrokerStats;
import io.stompede.admin.DestinationSummary;
import io.stompede.destination.DestinationPattern;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads the broker once a second: keeps the last ten minutes of points (message rates,
 * connections, sessions, queue depth) for the status page's charts, and each destination's rates
 * from the growth of its totals since the previous reading. It remembers only the destinations
 * the broker listed last, so it holds as much as the broker's own list. A topic's rates, and a
 * pattern's such as {@code /topic/prices.*}, are the sums of the concrete topics it names or
 * matches, as {@link BrokerCounts} counted them; which patterns a concrete topic matches is worked
 * out once, when the topic or the pattern is new. Concrete topics that nothing subscribed names or
 * matches, and those quiet for {@value #QUIET_READINGS} readings, are forgotten, so that the
 * counts follow what is subscribed to. Each reading is linear in the destinations and the topics
 * counted (at most {@value BrokerCounts#MAX_TOPICS}), plus the topics times the patterns new since
 * the last reading.
 *
 * <p>Confined to the admin event loop, which runs its readings and every request that reads it.
 */
final class Sampler {
    /** Points kept: ten minutes, one a second. */
    static final int MAX_POINTS = 600;
    /** Readings without a message after which a concrete topic's count is forgotten. */
    static final int QUIET_READINGS = 10;

    /** One reading of the whole broker. */
    record Point(long t, double inRate, double outRate, int connections, int sessions, long queueDepth) {
    }

    /** A destination's messages per second, in and out, over the last interval. */
    record Rates(double inRate, double outRate) {
        static final Rates NONE = new Rates(0, 0);
    }

    private record Totals(long in, long out) {
    }

    /** A concrete topic's count as last read, and the subscribed patterns that match it. */
    private static final class Tracked {
        final BrokerCounts.TopicCount count;
        final List<String> patterns;
        long in;
        long out;
        int quiet;

        Tracked(BrokerCounts.TopicCount count, List<String> patterns) {
            this.count = count;
            this.patterns = patterns;
        }
    }

    private final Broker broker;
    private final BrokerCounts counts;
    private final Clock clock;
    private final ArrayDeque<Point> points = new ArrayDeque<>(MAX_POINTS);
    private final Map<String, DestinationPattern> wildcards = new HashMap<>();
    private final Map<String, Tracked> tracked = new HashMap<>();
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
        Map<String, Totals> topicDeltas = topicDeltas(destinations);
        Map<String, Totals> now = new HashMap<>();
        Map<String, Rates> newRates = new HashMap<>();
        for (DestinationSummary destination : destinations) {
            String key = key(destination);
            if (destination.kind() == DestinationSummary.Kind.TOPIC) {
                Totals delta = topicDeltas.get(destination.name());
                if (delta != null && addPoint) {
                    newRates.put(key, new Rates(perSecond(delta.in(), seconds), perSecond(delta.out(), seconds)));
                }
                continue;
            }
            Totals totals = new Totals(destination.enqueued(), destination.settled());
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

    /**
     * The messages in and out since the last reading of each topic and pattern subscribed to: the
     * sums over the concrete topics counted that it names or matches.
     */
    private Map<String, Totals> topicDeltas(List<DestinationSummary> destinations) {
        Set<String> subscribed = new HashSet<>();
        for (DestinationSummary destination : destinations) {
            if (destination.kind() == DestinationSummary.Kind.TOPIC) {
                subscribed.add(destination.name());
            }
        }
        List<DestinationPattern> added = new ArrayList<>();
        for (String name : subscribed) {
            if (!wildcards.containsKey(name) && DestinationPattern.isWildcard(name)) {
                DestinationPattern pattern = DestinationPattern.compile(name);
                wildcards.put(name, pattern);
                added.add(pattern);
            }
        }
        boolean removed = wildcards.keySet().removeIf(name -> !subscribed.contains(name));

        Map<String, long[]> sums = new HashMap<>();
        Iterator<Map.Entry<String, BrokerCounts.TopicCount>> counted = counts.topics().entrySet().iterator();
        while (counted.hasNext()) {
            Map.Entry<String, BrokerCounts.TopicCount> entry = counted.next();
            String topic = entry.getKey();
            Tracked known = tracked.get(topic);
            if (known == null || known.count != entry.getValue()) {
                // New, or counted afresh since it was forgotten: all of its count is since the last reading.
                known = new Tracked(entry.getValue(), matching(topic, wildcards.values()));
                tracked.put(topic, known);
            } else {
                if (removed) {
                    known.patterns.removeIf(pattern -> !wildcards.containsKey(pattern));
                }
                for (DestinationPattern pattern : added) {
                    if (pattern.matches(topic)) {
                        known.patterns.add(pattern.pattern());
                    }
                }
            }
            long in = known.count.in.sum();
            long out = known.count.out.sum();
            long deltaIn = Math.max(0, in - known.in);
            long deltaOut = Math.max(0, out - known.out);
            known.in = in;
            known.out = out;
            known.quiet = deltaIn + deltaOut == 0 ? known.quiet + 1 : 0;
            boolean exact = subscribed.contains(topic);
            if (exact) {
                add(sums, topic, deltaIn, deltaOut);
            }
            for (String pattern : known.patterns) {
                add(sums, pattern, deltaIn, deltaOut);
            }
            if ((!exact && known.patterns.isEmpty()) || known.quiet >= QUIET_READINGS) {
                counts.forgetTopic(topic, known.count);
                tracked.remove(topic);
            }
        }
        // Only this reading forgets topics; a count dropped elsewhere would leave its entry behind.
        if (tracked.size() > counts.topics().size()) {
            tracked.keySet().retainAll(counts.topics().keySet());
        }
        Map<String, Totals> deltas = new HashMap<>();
        for (String name : subscribed) {
            long[] sum = sums.get(name);
            deltas.put(name, sum == null ? new Totals(0, 0) : new Totals(sum[0], sum[1]));
        }
        return deltas;
    }

    private static List<String> matching(String topic, Collection<DestinationPattern> patterns) {
        List<String> matched = new ArrayList<>(2);
        for (DestinationPattern pattern : patterns) {
            if (pattern.matches(topic)) {
                matched.add(pattern.pattern());
            }
        }
        return matched;
    }

    private static void add(Map<String, long[]> sums, String name, long in, long out) {
        long[] sum = sums.computeIfAbsent(name, n -> new long[2]);
        sum[0] += in;
        sum[1] += out;
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
