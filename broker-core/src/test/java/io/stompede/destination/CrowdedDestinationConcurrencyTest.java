package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers append to and remove from one destination that is past {@link SharedArrayList#THRESHOLD}
 * while readers hold its snapshots: a snapshot must never change under its reader, although the
 * writers keep appending into the array it shares. Bounded loops, latches, no sleeps.
 */
@Timeout(20)
class CrowdedDestinationConcurrencyTest {
    private static final String CROWD = "/topic/crowd";
    private static final int STABLE = 100;
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final int WRITES_PER_WRITER = 5_000;
    private static final int MAX_READS_PER_READER = 200_000;

    private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("issue 12: appends into a shared array never show in a snapshot a reader already holds")
    void snapshotsOfACrowdedDestinationStayAsTheyWere() throws Exception {
        SubscriptionRegistry<Object> registry = new SubscriptionRegistry<>();
        Object[] stable = new Object[STABLE];
        for (int i = 0; i < STABLE; i++) {
            stable[i] = new Object();
            registry.add(CROWD, stable[i]);
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        List<Future<List<Object>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(threads.submit(() -> write(registry, start, writersDone)));
        }
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(threads.submit(read(registry, stable, start, writersDone)));
        }
        start.countDown();

        List<Object> kept = new ArrayList<>();
        for (Future<List<Object>> writer : writers) {
            kept.addAll(writer.get(15, TimeUnit.SECONDS));
        }
        for (Future<Integer> reader : readers) {
            assertThat(reader.get(15, TimeUnit.SECONDS)).isPositive();
        }
        List<Object> expected = new ArrayList<>(Arrays.asList(stable));
        expected.addAll(kept);
        assertThat(identityCounts(registry.match(CROWD))).isEqualTo(identityCounts(expected));
    }

    /** Adds and removes its own subscribers, keeping one in ten; returns those it kept. */
    private static List<Object> write(SubscriptionRegistry<Object> registry, CountDownLatch start,
            CountDownLatch done) throws InterruptedException {
        List<Object> kept = new ArrayList<>();
        List<Object> pending = new ArrayList<>();
        start.await();
        try {
            for (int i = 0; i < WRITES_PER_WRITER; i++) {
                Object subscriber = new Object();
                registry.add(CROWD, subscriber);
                if (i % 10 == 0) {
                    kept.add(subscriber);
                } else {
                    pending.add(subscriber);
                }
                if (pending.size() == 8) {    // removes from the middle as well as the end
                    for (Object added : pending) {
                        assertThat(registry.remove(CROWD, added)).isTrue();
                    }
                    pending.clear();
                }
            }
            for (Object added : pending) {
                assertThat(registry.remove(CROWD, added)).isTrue();
            }
        } finally {
            done.countDown();
        }
        return kept;
    }

    private static Callable<Integer> read(SubscriptionRegistry<Object> registry, Object[] stable,
            CountDownLatch start, CountDownLatch writersDone) {
        return () -> {
            start.await();
            int reads = 0;
            List<Object> held = registry.match(CROWD);
            Object[] heldContents = held.toArray();
            while (writersDone.getCount() > 0 && reads < MAX_READS_PER_READER) {
                List<Object> matched = registry.match(CROWD);
                Object[] contents = new Object[matched.size()];
                for (int i = 0; i < contents.length; i++) {
                    contents[i] = matched.get(i);
                }
                assertThat(contents).doesNotContainNull();
                assertThat(contents.length).isGreaterThanOrEqualTo(STABLE);
                // The snapshot taken a round ago still reads exactly as it did then.
                assertThat(held).hasSize(heldContents.length);
                int changedAt = -1;
                for (int i = 0; i < heldContents.length && changedAt < 0; i++) {
                    changedAt = held.get(i) == heldContents[i] ? -1 : i;
                }
                assertThat(changedAt).as("first element of a held snapshot that changed").isEqualTo(-1);
                held = matched;
                heldContents = contents;
                reads++;
            }
            assertThat(identityCounts(held)).containsAllEntriesOf(identityCounts(Arrays.asList(stable)));
            return reads;
        };
    }

    private static Map<Object, Integer> identityCounts(List<?> list) {
        Map<Object, Integer> counts = new IdentityHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            counts.merge(list.get(i), 1, Integer::sum);
        }
        return counts;
    }
}
