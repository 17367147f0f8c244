package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.config.ResumeConfig;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Producers and consumers on a shared thread pool, each session on its own serial executor as on
 * an event loop. Half the consumers ACK from the test thread, so settlements race with dispatch.
 * Repeated, because a race shows only now and then; every wait is bounded by Awaitility.
 */
@Timeout(30)
class ConcurrencyTest {
    private static final int PRODUCERS = 8;
    private static final int CONSUMERS = 4;
    private static final int PER_PRODUCER = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService sessionThreads = Executors.newFixedThreadPool(4);
    private final ExecutorService senderThreads = Executors.newFixedThreadPool(4);
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder().build();

    @AfterEach
    void stopThreads() throws InterruptedException {
        senderThreads.shutdownNow();
        sessionThreads.shutdownNow();
        assertThat(senderThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sessionThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** What one consumer has received so far; only the test thread touches it. */
    private static final class Consumer {
        final InMemoryConnection connection;
        final boolean acks;
        final List<Frame> queueMessages = new ArrayList<>();
        final List<Frame> topicMessages = new ArrayList<>();

        Consumer(InMemoryConnection connection, boolean acks) {
            this.connection = connection;
            this.acks = acks;
        }

        void collect() {
            for (Frame frame : connection.frames()) {
                assertThat(frame.command()).as("frame %s", frame).isEqualTo(Command.MESSAGE);
                if (frame.header("destination").equals("/queue/work")) {
                    queueMessages.add(frame);
                    if (acks) {
                        connection.send(Command.ACK, "id", frame.header("ack"));
                    }
                } else {
                    topicMessages.add(frame);
                }
            }
        }
    }

    /** A consumer of the queue and the topic; {@code acks}: the test ACKs each queue message it collects. */
    private Consumer consumer(String ackMode, boolean acks) {
        InMemoryConnection connection = InMemoryConnection.open(broker, clock, sessionThreads);
        assertThat(connection.connect().command()).isEqualTo(Command.CONNECTED);
        connection.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/work",
                "ack", ackMode, "prefetch-count", "5");
        connection.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/fan", "receipt", "subscribed");
        // Frames run in order on the session, so this receipt also covers the queue SUBSCRIBE.
        assertThat(connection.awaitFrame(TIMEOUT).header("receipt-id")).isEqualTo("subscribed");
        return new Consumer(connection, acks);
    }

    @RepeatedTest(5)
    @DisplayName("with 8 producers and 4 consumers on a shared pool, each queue message arrives once and each topic subscriber gets every message in per-producer order")
    void producersAndConsumersOnSharedPool() {
        List<Consumer> consumers = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            boolean acks = i % 2 == 0;
            consumers.add(consumer(acks ? "client-individual" : "auto", acks));
        }
        startProducers();

        int total = PRODUCERS * PER_PRODUCER;
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
            consumers.forEach(Consumer::collect);
            int queued = consumers.stream().mapToInt(c -> c.queueMessages.size()).sum();
            return queued >= total && consumers.stream().allMatch(c -> c.topicMessages.size() >= total);
        });

        List<String> queueBodies = consumers.stream()
                .flatMap(c -> c.queueMessages.stream()).map(Frame::bodyAsString).toList();
        assertThat(queueBodies).hasSize(total).doesNotHaveDuplicates();
        for (Consumer consumer : consumers) {
            assertThat(consumer.topicMessages).hasSize(total);
            assertPerProducerOrder(consumer.topicMessages, true);
            // A queue hands each consumer its messages in queue order, and nothing was redelivered.
            assertPerProducerOrder(consumer.queueMessages, false);
            assertThat(consumer.queueMessages).allSatisfy(frame -> assertThat(frame.header("redelivered")).isNull());
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(broker.stats().queueInFlight()).isZero();
            assertThat(broker.stats().awaitingAck()).isZero();
        });
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0);
    }

    @RepeatedTest(5)
    @DisplayName("a consumer that drops mid-stream loses nothing: the others get every queue message exactly once, its unacked ones marked redelivered")
    void consumerDropsMidStream() {
        Consumer doomed = consumer("client-individual", false);
        List<Consumer> survivors = List.of(consumer("client-individual", true), consumer("auto", false));
        startProducers();
        // The doomed consumer never ACKs, so it holds its prefetch until it drops.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> {
            doomed.collect();
            return doomed.queueMessages.size() >= 5;
        });
        doomed.connection.disconnectAbruptly();
        // Its session is kept for resume, what it holds with it, until the grace ends.
        await().atMost(TIMEOUT).until(() -> broker.stats().connections() == survivors.size() + PRODUCERS);
        clock.advance(ResumeConfig.DEFAULTS.grace());

        int total = PRODUCERS * PER_PRODUCER;
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
            survivors.forEach(Consumer::collect);
            return survivors.stream().mapToInt(c -> c.queueMessages.size()).sum() >= total;
        });

        List<Frame> received = survivors.stream().flatMap(c -> c.queueMessages.stream()).toList();
        assertThat(received).extracting(Frame::bodyAsString).hasSize(total).doesNotHaveDuplicates();
        Set<String> heldByDoomed = new HashSet<>(doomed.queueMessages.stream().map(Frame::bodyAsString).toList());
        assertThat(received).filteredOn(frame -> "true".equals(frame.header("redelivered")))
                .extracting(Frame::bodyAsString)
                .containsExactlyInAnyOrderElementsOf(heldByDoomed);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(broker.stats().queueInFlight()).isZero();
            assertThat(broker.stats().awaitingAck()).isZero();
            assertThat(broker.stats().subscriptions()).containsEntry("/queue/work", 2);
        });
    }

    /** Starts every producer on the sender threads: each sends its numbered messages to the queue and the topic. */
    private void startProducers() {
        for (int p = 0; p < PRODUCERS; p++) {
            InMemoryConnection producer = InMemoryConnection.open(broker, clock, sessionThreads);
            assertThat(producer.connect().command()).isEqualTo(Command.CONNECTED);
            String name = "p" + p;
            senderThreads.execute(() -> {
                for (int seq = 0; seq < PER_PRODUCER; seq++) {
                    producer.sendWithBody(Command.SEND, name + "-" + seq, "destination", "/queue/work",
                            "producer", name, "seq", String.valueOf(seq));
                    producer.sendWithBody(Command.SEND, name + "-" + seq, "destination", "/topic/fan",
                            "producer", name, "seq", String.valueOf(seq));
                }
            });
        }
    }

    /** Each producer's messages appear in the order it sent them; {@code complete}: with none missing. */
    private static void assertPerProducerOrder(List<Frame> frames, boolean complete) {
        for (int p = 0; p < PRODUCERS; p++) {
            String name = "p" + p;
            List<Integer> sequence = frames.stream()
                    .filter(frame -> frame.header("producer").equals(name))
                    .map(frame -> Integer.parseInt(frame.header("seq")))
                    .toList();
            assertThat(sequence).as("messages of %s", name).isSorted();
            Set<Integer> distinct = new HashSet<>(sequence);
            assertThat(distinct).as("messages of %s", name).hasSize(sequence.size());
            if (complete) {
                assertThat(sequence).as("messages of %s", name).hasSize(PER_PRODUCER);
            }
        }
    }
}
