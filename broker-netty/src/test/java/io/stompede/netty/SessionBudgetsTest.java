package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.internal.PlatformDependent;
import io.stompede.Broker;
import io.stompede.admin.SessionSummary;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.observer.BrokerObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 over real sockets: one client cannot take the broker's memory, or everyone else's
 * turn. Each case shows the abusing client stopped (ERROR, or not read any more), what the broker
 * holds for it within its budget by the broker's own accounting (and, where it tells anything, a
 * heap or off-heap measure), and a fresh client on another destination served within a second,
 * during and after the abuse.
 */
class SessionBudgetsTest extends WireTest {
    private static final Duration ROUND_TRIP = Duration.ofSeconds(1);
    private static final long MIB = 1024 * 1024;

    /** Counts the SENDs the broker applied, per destination. */
    private static final class CountingObserver implements BrokerObserver {
        final Map<String, LongAdder> received = new ConcurrentHashMap<>();

        @Override
        public void messageReceived(String destination, int bodyBytes) {
            received.computeIfAbsent(destination, d -> new LongAdder()).increment();
        }

        long received(String destination) {
            LongAdder count = received.get(destination);
            return count == null ? 0 : count.sum();
        }
    }

    private final AtomicInteger freshClients = new AtomicInteger();

    // ---- case 3

    @Test
    @Timeout(120)
    @DisplayName("issue 12 case 3: a client-ack topic subscriber that never ACKs holds its prefetch and the slow-consumer bound, no more")
    void unacknowledgedTopicDeliveriesAreBounded() throws Exception {
        int prefetch = 500;
        int maxBacklog = 2_000;
        int messages = 50_000;
        String body = "x".repeat(1024);
        Broker broker = Broker.builder().slowConsumers(maxBacklog, SlowConsumerPolicy.DROP_OLDEST).build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        long heapBefore = usedHeapAfterGc();
        try (TcpTestClient abuser = TcpTestClient.open(server.tcpPort());
             TcpTestClient publisher = TcpTestClient.open(server.tcpPort())) {
            String abuserId = abuser.connect().header("session");
            abuser.send("SUBSCRIBE", "id", "s", "destination", "/topic/busy", "ack", "client",
                    "prefetch-count", Integer.toString(prefetch), "receipt", "sub");
            assertThat(abuser.receive().header("receipt-id")).isEqualTo("sub");
            publisher.connect();

            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> sendInBatches(publisher,
                    messages, i -> frame("SEND", body, "destination", "/topic/busy"), new AtomicInteger()));
            roundTripsWhile(publishing);
            publishing.get(60, TimeUnit.SECONDS);
            publisher.send("DISCONNECT", "receipt", "done");
            assertThat(publisher.receive().header("receipt-id")).isEqualTo("done");

            // The abuser reads every frame it is sent: exactly its prefetch arrives.
            StompFrame last = null;
            for (int i = 0; i < prefetch; i++) {
                last = abuser.receive();
                assertThat(last.command()).isEqualTo("MESSAGE");
            }
            SessionSummary held = summary(broker, abuserId);
            assertThat(held.pendingAcks()).isEqualTo(prefetch);
            assertThat(held.backlogMessages()).isEqualTo(maxBacklog);
            assertThat(held.heldBytes()).as("held bytes").isLessThan((prefetch + maxBacklog) * 2_000L);
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertThat(heapGrowth).as("heap held, of %s MiB published", messages / 1024)
                    .isLessThan(24 * MIB);
            roundTrip();

            // Its ACK lets the waiting messages flow again.
            abuser.send("ACK", "id", last.header("ack"));
            for (int i = 0; i < prefetch; i++) {
                assertThat(abuser.receive().command()).isEqualTo("MESSAGE");
            }
            assertThat(summary(broker, abuserId).backlogMessages()).isEqualTo(maxBacklog - prefetch);
            System.out.printf("case 3: %d published, held %d awaiting ACK + %d waiting = %d KiB, heap growth %d KiB%n",
                    messages, held.pendingAcks(), held.backlogMessages(), held.heldBytes() / 1024, heapGrowth / 1024);
        }
        roundTrip();
    }

    // ---- case 4

    @Test
    @Timeout(120)
    @DisplayName("issue 12 case 4: four open transactions of 64 KiB SENDs hold at most maxTransactionBytes, then ERROR 'transaction too large'")
    void transactionsAreBoundedByBytes() throws Exception {
        Broker broker = Broker.builder().build();
        long limit = broker.config().maxTransactionBytes();
        String body = "y".repeat(64 * 1024);
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        long heapBefore = usedHeapAfterGc();
        try (TcpTestClient abuser = TcpTestClient.open(server.tcpPort())) {
            String abuserId = abuser.connect().header("session");
            for (int t = 0; t < 4; t++) {
                abuser.send("BEGIN", "transaction", "t" + t);
            }
            // Just under the limit: held, and counted.
            int under = (int) (limit / (64 * 1024)) - 8;
            for (int i = 0; i < under; i++) {
                abuser.sendWithBody("SEND", body, "destination", "/queue/tx", "transaction", "t" + (i % 4));
            }
            abuser.send("SUBSCRIBE", "id", "probe", "destination", "/topic/probe", "receipt", "held");
            assertThat(abuser.receive().header("receipt-id")).isEqualTo("held");
            SessionSummary held = summary(broker, abuserId);
            assertThat(held.transactionBytes()).isBetween((long) under * 64 * 1024, limit);
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertThat(heapGrowth).as("heap held by %d MiB in transactions", held.transactionBytes() / MIB)
                    .isLessThan(limit + 32 * MIB);
            roundTrip();

            // Then as many as the client sent: the frame past the limit is refused.
            AtomicBoolean refused = new AtomicBoolean();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = under; i < 4_000 && !refused.get(); i++) {
                        abuser.sendWithBody("SEND", body, "destination", "/queue/tx", "transaction", "t" + (i % 4));
                    }
                } catch (IOException e) {
                    // The broker closed the connection after its ERROR.
                }
            });
            roundTripsWhile(sending);
            StompFrame error = abuser.receive();
            refused.set(true);
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("transaction too large");
            assertThat(error.bodyText()).contains(limit + " bytes");
            sending.get(30, TimeUnit.SECONDS);
            assertClosed(abuser, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sessions().get().stream()
                    .noneMatch(s -> s.id().equals(abuserId)));
            assertThat(broker.stats().queueDepths().getOrDefault("/queue/tx", 0)).isZero();
            System.out.printf("case 4: held %d KiB in 4 transactions (limit %d KiB), heap growth %d KiB%n",
                    held.transactionBytes() / 1024, limit / 1024, heapGrowth / 1024);
        }
        roundTrip();
    }

    // ---- case 5

    @Test
    @Timeout(180)
    @DisplayName("issue 12 case 5: a client that sends with receipts and never reads is no longer read once its output passes the high-water mark; reading, it gets every RECEIPT in order")
    void aClientThatDoesNotReadIsNotRead() throws Exception {
        int sends = 100_000;
        // Large RECEIPTs fill the socket buffers soon: the broker's output, not its input, decides.
        String padding = "r".repeat(1000);
        CountingObserver counted = new CountingObserver();
        Broker broker = Broker.builder().observer(counted).build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        long directBefore = directMemoryUsed();
        try (TcpTestClient abuser = TcpTestClient.openWithSmallReceiveBuffer(server.tcpPort())) {
            abuser.connect();
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> sendInBatches(abuser, sends,
                    i -> frame("SEND", "", "destination", "/topic/abuse", "receipt", padding + i), written));

            // The broker stops taking its SENDs: far fewer than all are applied, and none for a while.
            AtomicInteger stable = new AtomicInteger();
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long now = counted.received("/topic/abuse");
                stable.set(now == last[0] && now > 0 ? stable.get() + 1 : 0);
                last[0] = now;
                return stable.get() >= 5 || writing.isDone();
            });
            long applied = counted.received("/topic/abuse");
            int writtenWhilePaused = written.get();
            assertThat(writing).as("the abuser's writes block").isNotDone();
            assertThat(applied).as("SENDs applied while the client did not read").isLessThan(sends / 4);
            long directGrowth = directMemoryUsed() - directBefore;
            assertThat(directGrowth).as("off-heap held for the client").isLessThan(32 * MIB);
            roundTrip();
            roundTrip();

            // Reading at last, it gets every RECEIPT in order, and the broker reads the rest.
            abuser.setReadTimeout(Duration.ofSeconds(30));
            for (int i = 0; i < sends; i++) {
                StompFrame receipt = abuser.receive();
                assertThat(receipt.command()).isEqualTo("RECEIPT");
                if (!receipt.header("receipt-id").equals(padding + i)) {
                    assertThat(receipt.header("receipt-id")).as("RECEIPT %d", i).isEqualTo(padding + i);
                }
            }
            writing.get(30, TimeUnit.SECONDS);
            assertThat(counted.received("/topic/abuse")).isEqualTo(sends);
            System.out.printf("case 5: %d of %d SENDs applied while the client did not read (%d written to the socket by then), "
                    + "off-heap growth %d KiB%n", applied, sends, writtenWhilePaused, directGrowth / 1024);
        }
        roundTrip();
    }

    // ---- helpers

    /** Writes {@code count} frames, a hundred per socket write, counting those written in {@code written}. */
    private static void sendInBatches(TcpTestClient client, int count, IntFunction<byte[]> frames,
                                      AtomicInteger written) {
        try {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                batch.write(frames.apply(i));
                if (i % 100 == 99 || i == count - 1) {
                    client.sendRaw(batch.toByteArray());
                    written.set(i + 1);
                    batch.reset();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] frame(String command, String body, String... headers) {
        return StompFrame.encode(command, TestClient.headers(headers), body);
    }

    /** Round trips by fresh clients until {@code abuse} is over, at least one. */
    private void roundTripsWhile(CompletableFuture<?> abuse) throws Exception {
        do {
            roundTrip();
        } while (!abuse.isDone());
    }

    /** A fresh client on a destination of its own: SUBSCRIBE, SEND, MESSAGE within a second. */
    private void roundTrip() throws Exception {
        String destination = "/topic/fresh-" + freshClients.incrementAndGet();
        try (TcpTestClient fresh = TcpTestClient.open(server.tcpPort())) {
            long start = System.nanoTime();
            fresh.connect();
            fresh.subscribe("f", destination);
            fresh.sendWithBody("SEND", "hello", "destination", destination);
            StompFrame message = fresh.receive();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.bodyText()).isEqualTo("hello");
            assertThat(took).as("a fresh client's round trip").isLessThan(ROUND_TRIP);
        }
    }

    private static SessionSummary summary(Broker broker, String id) throws Exception {
        List<SessionSummary> sessions = broker.sessions().get(5, TimeUnit.SECONDS);
        return sessions.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id));
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Direct memory in use: Netty's own count where it keeps one, else the JDK's direct pool. */
    private static long directMemoryUsed() {
        long netty = PlatformDependent.usedDirectMemory();
        if (netty >= 0) {
            return netty;
        }
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }
}
