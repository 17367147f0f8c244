package io.stompede.bench;

import io.stompede.destination.SubscriptionRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of {@link SubscriptionRegistry#match} on the publish path: an exact lookup must not
 * grow with the size of the registry, and a wildcard lookup should cost an exact one once its
 * result is cached. Each case cycles through a fixed array of destination names, so that no
 * string is built inside the measured code.
 *
 * <p>Run: {@code mvn -q -pl broker-bench -am package -DskipTests && java -jar
 * broker-bench/target/benchmarks.jar Registry -f 1 -wi 3 -i 5 -w 1 -r 2}.
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
