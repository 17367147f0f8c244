package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.connected;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.BrokerStats;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent queue messages beyond the memory cap wait on disk and are paged in, in order. */
class PagingTest {
    private static final long CAP = 20_000;
    private static final int MESSAGES = 1000;
    private static final String BODY = "x".repeat(500);
    private final VirtualClock clock = new VirtualClock();

    @TempDir
    Path dataDir;

    private BrokerBuilder journaled() {
        return Broker.builder().dataDirectory(dataDir, FsyncPolicy.never()).maxMemory(CAP);
    }

    @Test
    @DisplayName("past the cap persistent messages stay on disk, memory stays near the cap, and a consumer gets them all in order")
    void pagesOutAndIn() {
        try (Broker broker = journaled().build()) {
            InMemoryConnection producer = connected(broker, clock);
            for (int i = 0; i < MESSAGES; i++) {
                producer.sendWithBody(Command.SEND, i + ":" + BODY, "destination", "/queue/big", "persistent", "true",
                        "receipt", "r" + i);
                assertThat(producer.awaitFrame(WAIT).header("receipt-id")).isEqualTo("r" + i);
            }
            BrokerStats stats = broker.stats();
            assertThat(stats.queueDepths()).containsEntry("/queue/big", MESSAGES);
            assertThat(stats.pagedOut()).as("most wait on disk").isGreaterThan(MESSAGES / 2);
            assertThat(stats.queueMemoryBytes()).as("memory holds about the cap").isLessThan(CAP + 2_000);

            consumeInOrder(broker, false);
            assertThat(broker.stats().queueDepths()).containsEntry("/queue/big", 0);
            assertThat(broker.stats().queueMemoryBytes()).isZero();
        }
    }

    @Test
    @DisplayName("at start-up no more than the cap is loaded; the rest is paged in as the consumer acknowledges")
    void recoveryLoadsAtMostTheCap() {
        try (Broker first = Broker.builder().dataDirectory(dataDir, FsyncPolicy.never()).build()) {
            InMemoryConnection producer = connected(first, clock);
            for (int i = 0; i < MESSAGES; i++) {
                producer.sendWithBody(Command.SEND, i + ":" + BODY, "destination", "/queue/big", "persistent", "true");
            }
            producer.send(Command.DISCONNECT, "receipt", "bye");
            assertThat(producer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        }
        try (Broker broker = journaled().build()) {
            BrokerStats stats = broker.stats();
            assertThat(stats.queueDepths()).containsEntry("/queue/big", MESSAGES);
            assertThat(stats.queueMemoryBytes()).as("memory holds about the cap").isLessThan(CAP + 2_000);
            assertThat(stats.pagedOut()).isGreaterThan(MESSAGES / 2);
            consumeInOrder(broker, true);
        }
    }

    private void consumeInOrder(Broker broker, boolean redelivered) {
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/big", "ack", "client-individual",
                "prefetch-count", "10");
        for (int i = 0; i < MESSAGES; i++) {
            Frame message = consumer.awaitFrame(WAIT);
            assertThat(message).as("message %d", i).isNotNull();
            assertThat(message.bodyAsString()).isEqualTo(i + ":" + BODY);
            assertThat(message.header("redelivered")).isEqualTo(redelivered ? "true" : null);
            assertThat(broker.stats().queueMemoryBytes()).as("the cap plus a window paged in and the prefetched")
                    .isLessThan(CAP + 210L * 1000);
            consumer.send(Command.ACK, "id", message.header("ack"));
        }
        consumer.send(Command.DISCONNECT, "receipt", "done");
        assertThat(consumer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
    }
}
