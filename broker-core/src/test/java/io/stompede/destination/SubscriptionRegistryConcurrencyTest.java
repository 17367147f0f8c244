package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers and readers at once, with invariants that a lost or stale update would break. Every loop
 * is bounded; threads meet on latches and hand-offs, never on sleeps.
 */
@Timeout(20)
class SubscriptionRegistryConcurrencyTest {
    private static final int DESTINATIONS = 8;
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final int WRITES_PER_WRITER = 3_000;
    private static final int MAX_READS_PER_READER = 500_000;

    /** A subscription object; identity is all that counts. */
    static final class Subscription {
        final String name;

        Subscription(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void writersAndReadersTogetherLoseNoRegistrationAndSeeNoStaleOne() throws Exception {
        // A small cache, so that readers race with eviction as well as with invalidation.
        SubscriptionRegistry<Subscription> registry = new SubscriptionRegistry<>(4);
        Subscription everywhere = new Subscription("stable-wildcard");
        registry.add("/topic/**", everywhere);
        List<Subscription> stableExact = new ArrayList<>();
        for (int d = 0; d < DESTINATIONS; d++) {
            Subscription subscription = new Subscription("stable-" + d);
            stableExact.add(subscription);
            registry.add(destination(d), subscription);
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch writersDone = new CountDownLatch(WRITERS);

        List<Future<List<Registration>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(threads.submit(() -> write(registry, writer, start, writersDone)));
        }
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(threads.submit(read(registry, everywhere, stableExact, start, writersDone)));
        }
        start.countDown();

        List<Registration> kept = new ArrayList<>();
        for (Future<List<Registration>> writer : writers) {
            kept.addAll(writer.get(15, TimeUnit.SECONDS));
        }
        for (Future<Integer> reader : readers) {
            assertThat(reader.get(15, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(registry.size()).isEqualTo(1 + DESTINATIONS + kept.size());
        assertThat(registry.countsByPattern().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(registry.size());
        for (Registration registration : kept) {
            assertThat(registry.match(registration.destination))
                    .as("kept %s", registration)
                    .filteredOn(s -> s == registration.subscription)
                    .hasSize(1);
        }
    }

    /** A registration a writer left in place, and a destination its pattern matches. */
    record Registration(String pattern, String destination, Subscription subscription) {
    }

    private static List<Registration> write(SubscriptionRegistry<Subscription> registry, int writer,
            CountDownLatch start, CountDownLatch done) throws InterruptedException {
        List<Registration> kept = new ArrayList<>();
        start.await();
        try {
            for (int i = 0; i < WRITES_PER_WRITER; i++) {
                int d = i % DESTINATIONS;
                String destination = destination(d);
                String pattern = switch (i % 4) {
                    case 0 -> destination;
                    case 1 -> "/topic/*";
                    case 2 -> "/topic/#";
                    default -> "/topic.*";
                };
                Subscription subscription = new Subscription("w" + writer + "-" + i);
                registry.add(pattern, subscription);
                assertThat(registry.match(destination)).as("after add of %s", subscription).contains(subscription);
                if (i % 50 == 0) {
                    kept.add(new Registration(pattern, destination, subscription));
                    continue;
                }
                assertThat(registry.remove(pattern, subscription)).isTrue();
                assertThat(registry.match(destination)).as("after remove of %s", subscription)
                        .doesNotContain(subscription);
            }
        } finally {
            done.countDown();
        }
        return kept;
    }

    private static Callable<Integer> read(SubscriptionRegistry<Subscription> registry, Subscription everywhere,
            List<Subscription> stableExact, CountDownLatch start, CountDownLatch writersDone) {
        return () -> {
            start.await();
            int reads = 0;
            while (writersDone.getCount() > 0 && reads < MAX_READS_PER_READER) {
                int d = reads % DESTINATIONS;
                List<Subscription> matched = registry.match(destination(d));
                assertThat(matched).doesNotContainNull();
                assertThat(matched).filteredOn(s -> s == everywhere).hasSize(1);
                assertThat(matched).filteredOn(s -> s == stableExact.get(d)).hasSize(1);
                reads++;
            }
            return reads;
        };
    }

    @Test
    void aChangeHandedToAnotherThreadIsSeenThereDespiteItsWarmCache() throws Exception {
        SubscriptionRegistry<Subscription> registry = new SubscriptionRegistry<>();
        registry.add("/queue/**", new Subscription("keeps-the-cache-in-use"));
        // Hand-offs both ways: the writer changes the registry only after the reader has checked the
        // previous change, so every check sees exactly one known state.
        SynchronousQueue<Subscription> toReader = new SynchronousQueue<>();
        SynchronousQueue<Boolean> checked = new SynchronousQueue<>();
        String destination = "/topic/hot";
        int rounds = 500;

        Future<Integer> reader = threads.submit(() -> {
            for (int i = 0; i < rounds; i++) {
                registry.match(destination);
                Subscription added = toReader.take();
                assertThat(registry.match(destination)).contains(added);
                checked.put(true);
                Subscription removed = toReader.take();
                assertThat(registry.match(destination)).doesNotContain(removed);
                checked.put(true);
            }
            return rounds;
        });
        for (int i = 0; i < rounds && !reader.isDone(); i++) {
            String pattern = i % 2 == 0 ? destination : "/topic/*";
            Subscription subscription = new Subscription("s" + i);
            registry.add(pattern, subscription);
            if (!handOff(toReader, checked, subscription)) {
                break;
            }
            registry.remove(pattern, subscription);
            if (!handOff(toReader, checked, subscription)) {
                break;
            }
        }

        // A reader that failed an assertion stopped taking; its failure surfaces here.
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(rounds);
    }

    private static boolean handOff(SynchronousQueue<Subscription> toReader, SynchronousQueue<Boolean> checked,
            Subscription subscription) throws InterruptedException {
        return toReader.offer(subscription, 5, TimeUnit.SECONDS) && checked.poll(5, TimeUnit.SECONDS) != null;
    }

    private static String destination(int d) {
        return "/topic/d" + d;
    }
}
