package io.stompede.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.MutableClock;
import io.stompede.frame.Headers;
import io.stompede.message.Message;
import io.stompede.store.FsyncPolicy;
import io.stompede.store.InMemoryMessageStore;
import io.stompede.store.JournalMessageStore;
import io.stompede.store.MessageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue on its own, without sessions: round robin within prefetch, settlement, redelivery,
 * dead letters, the depth bound, expiry, consumers leaving, purge and paging. Everything runs on
 * the test's thread: the queue dispatches and pages in on the thread that calls it.
 */
class QueueTest {
    private static final String NAME = "/queue/q";
    private static final String BODY = "x".repeat(500);

    private final MutableClock clock = new MutableClock(1_000);
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final InMemoryMessageStore memoryStore = new InMemoryMessageStore();
    private final MemoryGauge unlimited = new MemoryGauge(Long.MAX_VALUE);
    private int ids;

    @TempDir
    Path dataDir;

    private Queue queue(boolean durable, int maxDepth, int maxDeliveries, MessageStore store, MemoryGauge memory) {
        return new Queue(NAME, durable, maxDepth, maxDeliveries, store,
                (message, queue, reason, stored) -> {
                    deadLetters.add(new DeadLetter(message.bodyAsString(), queue, reason, stored));
                    return CompletableFuture.completedFuture(null);
                },
                clock, memory.account());
    }

    private Queue queue(int maxDepth, int maxDeliveries) {
        return queue(false, maxDepth, maxDeliveries, memoryStore, unlimited);
    }

    private Message message(String body, String... headers) {
        return new Message("id-" + ids++, NAME, Headers.of(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    private List<Message> offerAll(Queue queue, String prefix, int count) {
        List<Message> offered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message message = message(prefix + i);
            assertThat(queue.offer(message)).as("offer %s%d", prefix, i).isEqualTo(Queue.Offer.ACCEPTED);
            offered.add(message);
        }
        return offered;
    }

    /** Stores a message as the router does, but waits for the store first, so that the queue sees the write done. */
    private static void offerStored(Queue queue, MessageStore store, Message message) {
        long location = store.append(NAME, message).toCompletableFuture().join();
        assertThat(queue.offer(message, CompletableFuture.completedFuture(location))).isEqualTo(Queue.Offer.ACCEPTED);
    }

    private JournalMessageStore openJournal() throws IOException {
        JournalMessageStore store = JournalMessageStore.open(dataDir, FsyncPolicy.never());
        store.replay(new MessageStore.Recovery() {
            @Override
            public void binding(String queue, String topicPattern) {
            }

            @Override
            public void message(String queue, long location, Supplier<Message> message) {
            }
        });
        return store;
    }

    /** Takes and settles every message the consumer is handed, until it is handed no more; returns their bodies in order. */
    private static List<String> drain(Queue queue, RecordingConsumer consumer, Runnable check) {
        List<String> bodies = new ArrayList<>();
        QueuedMessage next;
        while ((next = consumer.take()) != null) {
            bodies.add(next.message().bodyAsString());
            check.run();
            queue.settle(next);
        }
        return bodies;
    }

    @Test
    @DisplayName("messages go round robin to consumers with room in their prefetch window; the rest wait")
    void roundRobinWithinPrefetch() {
        Queue queue = queue(100, 5);
        RecordingConsumer a = new RecordingConsumer(2);
        RecordingConsumer b = new RecordingConsumer(1);
        queue.addConsumer(a);
        queue.addConsumer(b);

        offerAll(queue, "m", 5);

        assertThat(a.bodies()).containsExactly("m0", "m2");
        assertThat(b.bodies()).containsExactly("m1");
        assertThat(a.wakes).as("woken once per message handed").isEqualTo(2);
        assertThat(b.wakes).isEqualTo(1);
        assertThat(queue.inFlight()).isEqualTo(3);
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.consumerCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("settling a message frees its consumer's prefetch slot for the next waiting message")
    void settleFreesAPrefetchSlot() {
        Queue queue = queue(100, 5);
        RecordingConsumer a = new RecordingConsumer(2);
        RecordingConsumer b = new RecordingConsumer(1);
        queue.addConsumer(a);
        queue.addConsumer(b);
        offerAll(queue, "m", 5);

        queue.settle(b.take());

        assertThat(b.bodies()).as("b had the free slot, a none").containsExactly("m3");
        assertThat(a.bodies()).containsExactly("m0", "m2");
        assertThat(queue.inFlight()).isEqualTo(3);
        assertThat(queue.depth()).isEqualTo(1);

        queue.settle(a.take());
        assertThat(a.bodies()).containsExactly("m2", "m4");
        assertThat(queue.depth()).isZero();
        assertThat(queue.inFlight()).isEqualTo(3);
    }

    @Test
    @DisplayName("a message released as delivered comes back first, counted as a delivery; one never sent is not counted")
    void releaseCountsDeliveriesAndRedelivers() {
        Queue queue = queue(100, 5);
        RecordingConsumer consumer = new RecordingConsumer(1);
        queue.addConsumer(consumer);
        offerAll(queue, "m", 2);
        QueuedMessage first = consumer.take();
        assertThat(first.previousDeliveries()).isZero();

        queue.release(List.of(first), true);

        assertThat(consumer.bodies()).as("before the newer m1").containsExactly("m0");
        QueuedMessage again = consumer.take();
        assertThat(again).isSameAs(first);
        assertThat(again.previousDeliveries()).as("so it goes out marked redelivered").isEqualTo(1);
        assertThat(again.isRecovered()).isFalse();

        queue.release(List.of(again), false);

        QueuedMessage unsent = consumer.take();
        assertThat(unsent).isSameAs(first);
        assertThat(unsent.previousDeliveries()).as("the client never saw it").isEqualTo(1);
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    @DisplayName("at the delivery limit a released message is dead-lettered, stored, and settled in the store")
    void deliveryLimitDeadLetters() {
        Queue queue = queue(true, 100, 2, memoryStore, unlimited);
        RecordingConsumer consumer = new RecordingConsumer(1);
        queue.addConsumer(consumer);
        offerStored(queue, memoryStore, message("m0"));
        offerStored(queue, memoryStore, message("m1"));
        assertThat(memoryStore.size()).isEqualTo(2);

        queue.release(List.of(consumer.take()), true);
        assertThat(consumer.bodies()).as("one delivery counted, below the limit of 2").containsExactly("m0");
        assertThat(deadLetters).isEmpty();

        queue.release(List.of(consumer.take()), true);

        assertThat(deadLetters).containsExactly(new DeadLetter("m0", NAME, "delivery-limit", true));
        assertThat(memoryStore.size()).as("m0 settled, m1 left").isEqualTo(1);
        assertThat(consumer.bodies()).as("the next message moves up").containsExactly("m1");
        assertThat(queue.inFlight()).isEqualTo(1);
        assertThat(queue.depth()).isZero();
        assertThat(unlimited.bytes()).isEqualTo(consumer.received.peekFirst().message().sizeEstimate());
    }

    @Test
    @DisplayName("a queue holding its maximum of waiting messages refuses offers; in-flight ones do not count")
    void depthLimitRefusesOffers() {
        Queue queue = queue(2, 5);
        List<Message> offered = offerAll(queue, "m", 2);

        assertThat(queue.offer(message("m2"))).isEqualTo(Queue.Offer.FULL);
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(unlimited.bytes()).as("a refused offer leaves nothing behind")
                .isEqualTo(offered.get(0).sizeEstimate() + offered.get(1).sizeEstimate());

        RecordingConsumer consumer = new RecordingConsumer(1);
        queue.addConsumer(consumer);
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.offer(message("m2"))).isEqualTo(Queue.Offer.ACCEPTED);
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(drain(queue, consumer, () -> { })).containsExactly("m0", "m1", "m2");
    }

    @Test
    @DisplayName("a message expired by the time a consumer can take it is dead-lettered instead of delivered")
    void expiredMessagesAreDropped() {
        Queue queue = queue(100, 5);
        Message fresh = message("fresh");
        Message later = message("later", "expires", "5000");
        queue.offer(message("old", "expires", "1500"));
        queue.offer(fresh);
        queue.offer(later);
        clock.advance(Duration.ofMillis(500));

        RecordingConsumer consumer = new RecordingConsumer(10);
        queue.addConsumer(consumer);

        assertThat(consumer.bodies()).containsExactly("fresh", "later");
        assertThat(deadLetters).containsExactly(new DeadLetter("old", NAME, "expired", false));
        assertThat(queue.depth()).isZero();
        assertThat(unlimited.bytes()).isEqualTo(fresh.sizeEstimate() + later.sizeEstimate());
    }

    @Test
    @DisplayName("a removed consumer is handed nothing more; what it gives back goes to the next consumer first, in order")
    void removedConsumerGivesBackInOrder() {
        Queue queue = queue(100, 5);
        RecordingConsumer leaving = new RecordingConsumer(3);
        queue.addConsumer(leaving);
        offerAll(queue, "m", 4);

        queue.removeConsumer(leaving);
        queue.offer(message("m4"));

        assertThat(leaving.bodies()).containsExactly("m0", "m1", "m2");
        assertThat(queue.consumerCount()).isZero();
        assertThat(queue.inFlight()).as("still its own until given back").isEqualTo(3);

        List<QueuedMessage> held = new ArrayList<>(leaving.received);
        queue.release(held.subList(0, 1), held.subList(1, 3));
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.depth()).isEqualTo(5);

        RecordingConsumer next = new RecordingConsumer(10);
        queue.addConsumer(next);
        assertThat(next.bodies()).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(next.received).extracting(QueuedMessage::previousDeliveries).containsExactly(1, 0, 0, 0, 0);
    }

    @Test
    @DisplayName("round robin carries on with the consumer after one that left")
    void roundRobinAfterAConsumerLeaves() {
        Queue queue = queue(100, 5);
        RecordingConsumer a = new RecordingConsumer(10);
        RecordingConsumer b = new RecordingConsumer(10);
        RecordingConsumer c = new RecordingConsumer(10);
        queue.addConsumer(a);
        queue.addConsumer(b);
        queue.addConsumer(c);
        offerAll(queue, "m", 2);

        queue.removeConsumer(a);
        offerAll(queue, "n", 3);

        assertThat(a.bodies()).containsExactly("m0");
        assertThat(b.bodies()).containsExactly("m1", "n1");
        assertThat(c.bodies()).containsExactly("n0", "n2");
    }

    @Test
    @DisplayName("purge removes and returns the waiting messages, not those in flight")
    void purgeTakesTheWaitingMessages() {
        Queue queue = queue(100, 5);
        RecordingConsumer consumer = new RecordingConsumer(1);
        queue.addConsumer(consumer);
        List<Message> offered = offerAll(queue, "m", 3);

        assertThat(queue.purge()).containsExactly(offered.get(1), offered.get(2));

        assertThat(queue.depth()).isZero();
        assertThat(queue.inFlight()).isEqualTo(1);
        assertThat(unlimited.bytes()).isEqualTo(offered.get(0).sizeEstimate());
        queue.settle(consumer.take());
        assertThat(unlimited.bytes()).isZero();
        assertThat(consumer.take()).isNull();
    }

    @Test
    @DisplayName("past half a tiny memory cap a durable queue pages messages out, and delivers every one in order from disk")
    void pagesOutAndDeliversInOrder() throws IOException {
        long cap = 20_000;
        int count = 500;
        MemoryGauge memory = new MemoryGauge(cap);
        try (JournalMessageStore store = openJournal()) {
            Queue queue = queue(true, 10_000, 5, store, memory);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add(i + ":" + BODY);
                offerStored(queue, store, message(i + ":" + BODY));
            }
            int size = message(BODY).sizeEstimate();

            assertThat(queue.depth()).isEqualTo(count);
            assertThat(queue.pagedOut()).as("most wait on disk").isGreaterThan(count - (int) (cap / 2 / size) - 2);
            assertThat(memory.bytes()).as("only those before the paging mark stay in memory").isLessThan(cap / 2 + 2L * size);

            RecordingConsumer consumer = new RecordingConsumer(10);
            queue.addConsumer(consumer);
            List<String> bodies = drain(queue, consumer, () -> assertThat(memory.bytes())
                    .as("the cap, a page-in batch and the prefetched").isLessThan(cap + (Pager.PAGE_IN_BATCH + 10L) * size));

            assertThat(bodies).containsExactlyElementsOf(expected);
            assertThat(queue.depth()).isZero();
            assertThat(queue.pagedOut()).isZero();
            assertThat(queue.inFlight()).isZero();
            assertThat(memory.bytes()).isZero();
        }
    }

    @Test
    @DisplayName("purge reads paged-out messages back from disk, in order")
    void purgeReadsPagedOutMessages() throws IOException {
        long cap = 20_000;
        MemoryGauge memory = new MemoryGauge(cap);
        try (JournalMessageStore store = openJournal()) {
            Queue queue = queue(true, 10_000, 5, store, memory);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add(i + ":" + BODY);
                offerStored(queue, store, message(i + ":" + BODY));
            }
            assertThat(queue.pagedOut()).isPositive();

            assertThat(queue.purge()).extracting(Message::bodyAsString).containsExactlyElementsOf(expected);
            assertThat(queue.depth()).isZero();
            assertThat(queue.pagedOut()).isZero();
            assertThat(memory.bytes()).isZero();
        }
    }

    @Test
    @DisplayName("a message paged out before the store has written it is delivered from memory and counted once")
    void pagedOutBeforeWrittenIsHeldInMemory() throws IOException {
        Message message = message("m0");
        MemoryGauge memory = new MemoryGauge(2);
        try (JournalMessageStore journal = openJournal()) {
            Queue queue = queue(true, 100, 5, journal, memory);
            CompletableFuture<Long> notYetWritten = new CompletableFuture<>();

            assertThat(queue.offer(message, notYetWritten)).isEqualTo(Queue.Offer.ACCEPTED);
            assertThat(queue.pagedOut()).isEqualTo(1);
            assertThat(memory.bytes()).as("held until written").isEqualTo(message.sizeEstimate());

            RecordingConsumer consumer = new RecordingConsumer(1);
            queue.addConsumer(consumer);
            assertThat(consumer.bodies()).containsExactly("m0");
            assertThat(queue.pagedOut()).isZero();

            notYetWritten.complete(42L);
            assertThat(memory.bytes()).as("the queue still holds it").isEqualTo(message.sizeEstimate());
            queue.settle(consumer.take());
            assertThat(memory.bytes()).isZero();
        }
    }

    @Test
    @DisplayName("at start-up, stored messages past the paging mark stay on disk undecoded and go out marked recovered")
    void restoredMessagesPastTheMarkStayOnDisk() throws IOException {
        try (JournalMessageStore store = openJournal()) {
            List<Message> stored = new ArrayList<>();
            List<Long> locations = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message message = message(i + ":" + BODY);
                stored.add(message);
                locations.add(store.append(NAME, message).toCompletableFuture().join());
            }
            MemoryGauge memory = new MemoryGauge(2L * stored.get(0).sizeEstimate());
            Queue queue = queue(true, 100, 5, store, memory);
            AtomicInteger decoded = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                Message message = stored.get(i);
                queue.restore(locations.get(i), () -> {
                    decoded.incrementAndGet();
                    return message;
                });
            }

            assertThat(decoded).as("only the first, below the mark").hasValue(1);
            assertThat(queue.depth()).isEqualTo(3);
            assertThat(queue.pagedOut()).isEqualTo(2);

            RecordingConsumer consumer = new RecordingConsumer(10);
            queue.addConsumer(consumer);
            assertThat(consumer.bodies()).containsExactly("0:" + BODY, "1:" + BODY, "2:" + BODY);
            assertThat(consumer.received).allMatch(QueuedMessage::isRecovered);
            assertThat(consumer.received).allMatch(entry -> entry.previousDeliveries() == 0);
        }
    }

    /** What a dead-letter destination was handed. */
    private record DeadLetter(String body, String queue, String reason, boolean stored) {
    }

    /** A consumer that keeps what it is handed, oldest first, and counts its wake-ups. */
    private static final class RecordingConsumer implements QueueConsumer {
        private final int prefetch;
        final ArrayDeque<QueuedMessage> received = new ArrayDeque<>();
        int wakes;

        RecordingConsumer(int prefetch) {
            this.prefetch = prefetch;
        }

        @Override
        public int prefetch() {
            return prefetch;
        }

        @Override
        public void enqueue(QueuedMessage message) {
            received.addLast(message);
        }

        @Override
        public void wake() {
            wakes++;
        }

        /** The oldest message handed and not yet taken, or {@code null}. */
        QueuedMessage take() {
            return received.pollFirst();
        }

        List<String> bodies() {
            return received.stream().map(entry -> entry.message().bodyAsString()).toList();
        }
    }

}
