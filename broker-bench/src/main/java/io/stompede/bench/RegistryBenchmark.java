package io.stompede.bench;

import io.stompede.destination.SubscriptionRegistry;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of {@link SubscriptionRegistry#match} on the publish path: an exact lookup must not
 * grow with the size of the registry, and a wildcard lookup should cost an exact one once its
 * result is cached. Each case cycles through a fixed array of destination names, so that no
 * string is built inside the measured code. {@link #subscribeToCrowd} and {@link
 * #resubscribeToCrowd} measure the write path on one destination that already has many
 * subscribers (issue 12: a SUBSCRIBE used to copy the destination's whole list, twice), and
 * {@link #publishToCrowd} the read path on it.
 *
 * <p>Run: {@code mvn -q -pl broker-bench -am package -DskipTests && java -jar
 * broker-bench/target/benchmarks.jar Registry -f 1 -wi 3 -i 5 -w 1 -r 2}. The crowd cases alone:
 * {@code java -jar broker-bench/target/benchmarks.jar 'Registry.*Crowd' -f 1} (their warm-up and
 * measurement counts are set on the methods).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryBenchmark {
    static final int DESTINATIONS = 10_000;
    /** Subscriber objects are plain, as a session's subscription would be: compared by identity. */
    static final class Subscriber {
    }

    static String[] destinations(String prefix, int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = prefix + i;
        }
        return names;
    }

    /** Exact subscriptions only, spread round-robin over 10,000 destinations; all are looked up. */
    @State(Scope.Thread)
    public static class ExactOnly {
        @Param({"10", "100000"})
        int subscriptions;

        final SubscriptionRegistry<Subscriber> registry = new SubscriptionRegistry<>();
        final String[] destinations = destinations("/topic/stock.", DESTINATIONS);
        int next;

        @Setup
        public void fill() {
            for (int i = 0; i < subscriptions; i++) {
                registry.add(destinations[i % DESTINATIONS], new Subscriber());
            }
        }

        String nextDestination() {
            String destination = destinations[next];
            next = next + 1 == destinations.length ? 0 : next + 1;
            return destination;
        }
    }

    /**
     * One destination looked up again and again in a registry that also holds 10 or 100,000 other
     * subscriptions over up to 10,000 destinations: the cost of an exact lookup must not depend on
     * how full the registry is. (ExactOnly mixes in the cost of misses and of cache lines.)
     */
    @State(Scope.Thread)
    public static class HotDestination {
        static final String HOT = "/topic/stock.hot";

        @Param({"10", "100000"})
        int subscriptions;

        final SubscriptionRegistry<Subscriber> registry = new SubscriptionRegistry<>();

        @Setup
        public void fill() {
            String[] others = destinations("/topic/stock.", DESTINATIONS);
            for (int i = 0; i < subscriptions; i++) {
                registry.add(others[i % DESTINATIONS], new Subscriber());
            }
            registry.add(HOT, new Subscriber());
        }
    }

    /**
     * 1,002 wildcard patterns in four forms and 1,000 destinations, each matched by two or three of
     * them; {@code cacheLimit} 0 measures the walk through the wildcard index itself.
     */
    @State(Scope.Thread)
    public static class WildcardOnly {
        static final int SYMBOLS = 1_000;

        @Param({"10000", "0"})
        int cacheLimit;

        SubscriptionRegistry<Subscriber> registry;
        final String[] destinations = new String[SYMBOLS];
        int next;

        @Setup
        public void fill() {
            registry = new SubscriptionRegistry<>(cacheLimit);
            for (int i = 0; i < SYMBOLS; i++) {
                String pattern = switch (i % 3) {
                    case 0 -> "/topic/stock." + i + ".*";
                    case 1 -> "/topic/stock." + i + ".#";
                    default -> "/topic/stock/*/" + i + "/**";
                };
                registry.add(pattern, new Subscriber());
                destinations[i] = "/topic/stock." + i + ".price";
            }
            registry.add("/topic/**", new Subscriber());
            registry.add("/topic/stock.*.price", new Subscriber());
        }

        String nextDestination() {
            String destination = destinations[next];
            next = next + 1 == destinations.length ? 0 : next + 1;
            return destination;
        }
    }

    /**
     * 100,000 subscriptions: 90,000 exact over 10,000 destinations and 10,000 wildcard ones, ten on
     * each of 1,000 patterns {@code /topic/stock.N.#}, so that one destination in ten also has
     * wildcard subscribers. Lookups cycle over all 10,000 destinations, which the default cache holds.
     */
    @State(Scope.Thread)
    public static class Mixed {
        final SubscriptionRegistry<Subscriber> registry = new SubscriptionRegistry<>();
        final String[] destinations = destinations("/topic/stock.", DESTINATIONS);
        int next;

        @Setup
        public void fill() {
            for (int i = 0; i < 90_000; i++) {
                registry.add(destinations[i % DESTINATIONS], new Subscriber());
            }
            for (int i = 0; i < 10_000; i++) {
                registry.add("/topic/stock." + i % 1_000 + ".#", new Subscriber());
            }
        }

        String nextDestination() {
            String destination = destinations[next];
            next = next + 1 == destinations.length ? 0 : next + 1;
            return destination;
        }
    }

    /**
     * One destination with {@code subscribers} registrations already in place, under one exact
     * pattern or one wildcard pattern (the wildcard index keeps them on one trie node).
     */
    @State(Scope.Thread)
    public static class Crowd {
        /** SUBSCRIBEs per measured batch of {@link #subscribeToCrowd}, undone after each batch. */
        static final int BATCH = 1_000;

        @Param({"100", "10000", "50000"})
        int subscribers;

        @Param({"/topic/crowd", "/topic/crowd.*"})
        String pattern;
        /** A destination the pattern matches, for {@link #publishToCrowd}. */
        String destination;

        final SubscriptionRegistry<Subscriber> registry = new SubscriptionRegistry<>();
        Subscriber[] members;
        /** Which member {@link #resubscribeToCrowd} takes next: random, so its position is too. */
        int[] order;
        int next;
        final Subscriber[] added = new Subscriber[BATCH];
        int addedCount;

        @Setup
        public void fill() {
            destination = pattern.replace("*", "news");
            members = new Subscriber[subscribers];
            for (int i = 0; i < subscribers; i++) {
                members[i] = new Subscriber();
                registry.add(pattern, members[i]);
            }
            Random random = new Random(42);
            order = new int[4096];
            for (int i = 0; i < order.length; i++) {
                order[i] = random.nextInt(subscribers);
            }
        }

        /** Back to {@code subscribers} registrations after a batch of {@link #subscribeToCrowd}. */
        @TearDown(Level.Iteration)
        public void undoBatch() {
            for (int i = addedCount - 1; i >= 0; i--) {
                registry.remove(pattern, added[i]);
                added[i] = null;
            }
            addedCount = 0;
        }

        Subscriber nextMember() {
            Subscriber member = members[order[next]];
            next = next + 1 == order.length ? 0 : next + 1;
            return member;
        }
    }

    /**
     * A batch of {@value Crowd#BATCH} SUBSCRIBEs to a destination that has {@code subscribers}
     * already; the score is the time of the whole batch.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 20, batchSize = Crowd.BATCH)
    @Measurement(iterations = 20, batchSize = Crowd.BATCH)
    public void subscribeToCrowd(Crowd state) {
        Subscriber subscriber = new Subscriber();
        state.registry.add(state.pattern, subscriber);
        state.added[state.addedCount++] = subscriber;
    }

    /**
     * UNSUBSCRIBE of a random member of the crowd, then SUBSCRIBE again: churn at a steady {@code
     * subscribers}. Removal finds the registration by a scan, so it stays linear in the crowd.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean resubscribeToCrowd(Crowd state) {
        Subscriber member = state.nextMember();
        boolean removed = state.registry.remove(state.pattern, member);
        state.registry.add(state.pattern, member);
        return removed;
    }

    /**
     * The publish path on the crowd: the lookup and the indexed loop over its result that {@code
     * Topics.publish} runs, one {@code get(i)} per subscriber. (With the wildcard pattern the
     * lookup is a cache hit, which returns the combined list the cache built.)
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void publishToCrowd(Crowd state, Blackhole delivered) {
        List<Subscriber> subscribers = state.registry.match(state.destination);
        for (int i = 0, n = subscribers.size(); i < n; i++) {
            delivered.consume(subscribers.get(i));
        }
    }

    @Benchmark
    public List<Subscriber> exactLookup(ExactOnly state) {
        return state.registry.match(state.nextDestination());
    }

    @Benchmark
    public List<Subscriber> hotDestinationLookup(HotDestination state) {
        return state.registry.match(HotDestination.HOT);
    }

    @Benchmark
    public List<Subscriber> wildcardLookup(WildcardOnly state) {
        return state.registry.match(state.nextDestination());
    }

    @Benchmark
    public List<Subscriber> mixedLookup(Mixed state) {
        return state.registry.match(state.nextDestination());
    }
}
