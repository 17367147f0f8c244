package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.admin.DestinationSummary;
import io.stompede.application.SessionInfo;
import io.stompede.observer.BrokerObserver;
import io.stompede.store.FsyncPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One anonymous client, legal STOMP only, over real sockets: filling queues nobody consumes,
 * creating durable subscriptions without end, naming ever new queues. It is paused or refused;
 * what it holds stays within its budget; a fresh client on another destination completes a
 * round trip within a second, during the abuse and after it.
 */
class DestinationAbuseTest extends WireTest {
    private static final long CAP = 16L * 1024 * 1024;
    private static final Duration ROUND_TRIP = Duration.ofSeconds(1);
    private static final String KIB = "x".repeat(1024);

    @TempDir
    Path dataDir;

    /** Counts pauses and ERRORs by session. */
    private static final class Watcher implements BrokerObserver {
        final Set<String> paused = ConcurrentHashMap.newKeySet();
        final Map<String, String> errors = new ConcurrentHashMap<>();

        @Override
        public void producerPaused(SessionInfo session) {
            paused.add(session.id());
        }

        @Override
        public void producerResumed(SessionInfo session) {
            paused.remove(session.id());
        }

        @Override
        public void errorSent(SessionInfo session, String message) {
            errors.put(session.id(), message);
        }
    }

    /**
     * SUBSCRIBEs a fresh anonymous client to a queue and a topic of its own, then checks a round
     * trip on each. It comes from another address than the abuser (127.0.0.2, loopback too), as
     * another user would: anonymous clients' quotas are counted by address.
     */
    private void roundTrips(String name, int times) throws IOException {
        try (TcpTestClient fresh = TcpTestClient.openFrom("127.0.0.2", server.tcpPort())) {
            fresh.connect();
            fresh.subscribe("q", "/queue/" + name);
            fresh.subscribe("t", "/topic/" + name);
            fresh.setReadTimeout(ROUND_TRIP);
            for (int i = 0; i < times; i++) {
                for (String destination : List.of("/queue/" + name, "/topic/" + name)) {
                    fresh.sendWithBody("SEND", "ping" + i, "destination", destination);
                    StompFrame message = fresh.receive();
                    assertThat(message.command()).as("round trip on %s", destination).isEqualTo("MESSAGE");
                    assertThat(message.bodyText()).isEqualTo("ping" + i);
                }
            }
            // Leaves for good: a connection that just dropped would keep its session for resume.
            fresh.send("DISCONNECT", "receipt", "bye");
            assertThat(fresh.receive().command()).isEqualTo("RECEIPT");
        }
    }

    private static byte[] sends(String destination, int count) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] frame = StompFrame.encode("SEND", TestClient.headers("destination", destination), KIB);
        for (int i = 0; i < count; i++) {
            batch.writeBytes(frame);
        }
        return batch.toByteArray();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    @Timeout(120)
    void fillingUnconsumedQueuesPausesOnlyTheFillers() throws Exception {
        Watcher watcher = new Watcher();
        Broker broker = Broker.builder().maxMemory(CAP).observer(watcher).build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        long heapBefore = usedHeapAfterGc();

        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<TcpTestClient> fillers = new ArrayList<>();
        AtomicInteger writing = new AtomicInteger();
        try {
            for (int i = 0; i < 4; i++) {
                TcpTestClient filler = TcpTestClient.open(server.tcpPort());
                filler.connect();
                fillers.add(filler);
                byte[] batch = sends("/queue/abandoned-" + i, 64);
                writers.execute(() -> {
                    writing.incrementAndGet();
                    try {
                        // Far more than the cap: 4 x 100 MiB. Blocks once the broker stops reading.
                        for (int n = 0; n < 1600; n++) {
                            filler.sendRaw(batch);
                        }
                    } catch (IOException closedByTheTest) {
                        // the test closes the socket to end the writer
                    }
                });
            }
            // Each filler is paused at its queue's share; what its transport had read already may
            // pass the cap, and is then refused with an ERROR.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> stopped = new HashSet<>(watcher.paused);
                stopped.addAll(watcher.errors.keySet());
                assertThat(stopped).as("every filler is paused or refused").hasSize(4);
                // How far past half the cap they get depends on how unevenly they start: four at
                // once share it in fifths, one after another take a half, a third, a quarter...
                assertThat(broker.stats().queueMemoryBytes()).isGreaterThan(CAP / 2);
            });
            assertThat(watcher.errors.values()).as("a filler refused, if any, is refused for its share")
                    .allMatch("queue over its memory share"::equals);

            roundTrips("during", 20);

            long held = broker.stats().queueMemoryBytes();
            assertThat(held).as("within the ceiling").isLessThanOrEqualTo(CAP + CAP / 2);
            assertThat(usedHeapAfterGc() - heapBefore).as("the heap holds the queued bytes and little more")
                    .isLessThan(3 * (CAP + CAP / 2));
        } finally {
            // A paused filler's FIN would wait behind the bytes the broker does not read.
            fillers.forEach(TcpTestClient::closeAbruptly);
            writers.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().connections() == 0);
        roundTrips("after", 20);
        assertThat(broker.purgeQueue("/queue/abandoned-0")).isPositive();
    }

    @Test
    @Timeout(120)
    void anonymousDurableSubscriptionsStopAtTheirCap() throws Exception {
        Broker broker = Broker.builder().dataDirectory(dataDir, FsyncPolicy.never()).build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        int created = 0;
        try (TcpTestClient abuser = TcpTestClient.open(server.tcpPort())) {
            abuser.connect();
            while (true) {
                abuser.send("SUBSCRIBE", "id", "d" + created, "destination", "/topic/amplified", "durable", "true",
                        "auto-delete", "false", "receipt", "r" + created);
                StompFrame answer = abuser.receive();
                if (answer.command().equals("ERROR")) {
                    assertThat(answer.header("message")).isEqualTo("too many durable subscriptions");
                    break;
                }
                created++;
                assertThat(created).as("refused before long").isLessThanOrEqualTo(1000);
            }
            assertThat(abuser.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(created).isEqualTo(broker.config().maxAnonymousDurableSubscriptions());
        long journalBefore = directorySize(dataDir);
        try (TcpTestClient publisher = TcpTestClient.open(server.tcpPort())) {
            publisher.connect();
            for (int i = 0; i < 4; i++) {
                publisher.sendWithBody("SEND", KIB, "destination", "/topic/amplified", "receipt", "p" + i);
                assertThat(publisher.receive().command()).isEqualTo("RECEIPT");
            }
        }
        assertThat(directorySize(dataDir) - journalBefore).as("four messages stored once per durable subscription")
                .isLessThan(4L * created * 2 * 1024 + 64 * 1024);
        roundTrips("durable", 5);
    }

    @Test
    @Timeout(120)
    void everNewQueueNamesStopAtTheQueueCapAndEmptyOnesAreForgotten() throws Exception {
        Broker broker = Broker.builder().idleDestinationTimeout(Duration.ofMillis(200)).queueLimits(100_000, 2_000).build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0));
        int sent = 0;
        try (TcpTestClient abuser = TcpTestClient.open(server.tcpPort())) {
            abuser.connect();
            while (true) {
                abuser.sendWithBody("SEND", "x", "destination", "/queue/name-" + sent, "receipt", "r" + sent);
                StompFrame answer = abuser.receive();
                if (answer.command().equals("ERROR")) {
                    assertThat(answer.header("message")).isEqualTo("too many queues");
                    break;
                }
                sent++;
                assertThat(sent).isLessThanOrEqualTo(2_000);
            }
        }
        assertThat(sent).isEqualTo(2_000);
        roundTrips("queues", 5);

        // Another client, with a login of its own: request-reply through a queue per request.
        try (TcpTestClient replies = TcpTestClient.open(server.tcpPort())) {
            replies.connect("login", "requester");
            for (int i = 0; i < 1_500; i++) {
                String queue = "/queue/reply-" + i;
                replies.send("SUBSCRIBE", "id", "r", "destination", queue);
                replies.sendWithBody("SEND", "x", "destination", queue);
                assertThat(replies.receive().command()).isEqualTo("MESSAGE");
                replies.send("UNSUBSCRIBE", "id", "r");
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(broker.destinations())
                .extracting(DestinationSummary::name).noneMatch(name -> name.startsWith("/queue/reply-")));
        assertThat(broker.destinations()).as("those holding a message stay").hasSize(2_000);
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
