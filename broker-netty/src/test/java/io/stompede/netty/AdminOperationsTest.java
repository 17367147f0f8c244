package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.admin.DestinationSummary;
import io.stompede.admin.DestinationSummary.Kind;
import io.stompede.admin.SessionSummary;
import io.stompede.admin.SessionSummary.SubscriptionSummary;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's admin operations (sessions, closeSession, destinations, purgeQueue,
 * deleteDurableSubscription) as seen by real clients over TCP on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminOperationsTest extends WireTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDirectory;

    private Broker broker;

    private void startBroker(Broker broker) throws Exception {
        this.broker = broker;
        start(Transport.TCP, broker);
    }

    private TcpTestClient client() throws IOException {
        return TcpTestClient.open(server.tcpPort());
    }

    // ---- sessions()

    @Test
    void sessionsListsEveryOpenSessionWithItsSubscriptionsAndPendingAcks() throws Exception {
        startBroker(Broker.builder().build());   // ALLOW_ALL: the login names the principal
        try (TcpTestClient alice = client(); TcpTestClient anonymous = client()) {
            String aliceId = alice.connect("login", "alice", "passcode", "secret").header("session");
            String anonymousId = anonymous.connect().header("session");
            assertThat(aliceId).isNotBlank().isNotEqualTo(anonymousId);

            for (int i = 0; i < 3; i++) {
                sendWithReceipt(alice, "/queue/work", "job-" + i);
            }
            anonymous.send("SUBSCRIBE", "id", "s1", "destination", "/queue/work", "ack", "client-individual",
                    "receipt", "sub-s1");
            assertThat(anonymous.receive().command()).isEqualTo("RECEIPT");
            for (int i = 0; i < 3; i++) {
                StompFrame message = anonymous.receive();
                assertThat(message.command()).isEqualTo("MESSAGE");
                assertThat(message.bodyText()).isEqualTo("job-" + i);
                assertThat(message.header("ack")).isNotBlank();
            }
            // No ACK: all three deliveries stay pending.

            await().atMost(WAIT).untilAsserted(() -> {
                List<SessionSummary> sessions = broker.sessions().get(5, TimeUnit.SECONDS);
                assertThat(sessions).extracting(SessionSummary::id)
                        .containsExactlyElementsOf(List.of(aliceId, anonymousId).stream().sorted().toList());

                SessionSummary a = find(sessions, aliceId);
                assertThat(a.transport()).isEqualTo("tcp");
                assertLoopback(a);
                assertThat(a.principal()).isEqualTo("alice");
                assertThat(a.version()).isEqualTo("1.2");
                assertThat(a.subscriptions()).isEmpty();
                assertThat(a.pendingAcks()).isZero();

                SessionSummary b = find(sessions, anonymousId);
                assertThat(b.transport()).isEqualTo("tcp");
                assertLoopback(b);
                assertThat(b.principal()).isEqualTo("anonymous");
                assertThat(b.version()).isEqualTo("1.2");
                assertThat(b.subscriptions()).containsExactly(
                        new SubscriptionSummary("s1", "/queue/work", "client-individual", 3));
                assertThat(b.pendingAcks()).isEqualTo(3);
            });
            assertThat(((InetSocketAddress) find(broker.sessions().get(5, TimeUnit.SECONDS), aliceId)
                    .remoteAddress()).getPort())
                    .isNotEqualTo(((InetSocketAddress) find(broker.sessions().get(5, TimeUnit.SECONDS), anonymousId)
                            .remoteAddress()).getPort());
        }
    }

    // ---- closeSession()

    @Test
    void closeSessionSendsTheReasonAsErrorThenClosesOnlyThatConnection() throws Exception {
        startBroker(Broker.builder().build());
        try (TcpTestClient doomed = client(); TcpTestClient survivor = client()) {
            String doomedId = doomed.connect().header("session");
            survivor.connect();
            await().atMost(WAIT).until(() -> broker.stats().connections() == 2);

            assertThat(broker.closeSession(doomedId, "maintenance window")).isTrue();

            StompFrame error = doomed.receive();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("maintenance window");
            assertClosed(doomed, WAIT);

            await().atMost(WAIT).until(() -> broker.stats().connections() == 1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(broker.sessions().get(5, TimeUnit.SECONDS))
                    .extracting(SessionSummary::id).doesNotContain(doomedId).hasSize(1));

            // The other client keeps working.
            survivor.subscribe("s1", "/queue/still-here");
            sendWithReceipt(survivor, "/queue/still-here", "hello");
            StompFrame message = survivor.receive();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.bodyText()).isEqualTo("hello");

            assertThat(broker.closeSession("no-such-session", "whatever")).isFalse();
            assertThat(broker.closeSession(doomedId, "again")).as("a session already closed").isFalse();
        }
    }

    // ---- destinations()

    @Test
    void destinationsShowQueueDepthsTotalsAndTopicSubscribers() throws Exception {
        startBroker(Broker.builder().build());
        try (TcpTestClient producer = client(); TcpTestClient topicSubscriber = client();
             TcpTestClient consumer = client()) {
            producer.connect();
            topicSubscriber.connect();
            consumer.connect();
            for (int i = 0; i < 3; i++) {
                sendWithReceipt(producer, "/queue/a", "m" + i);
            }
            topicSubscriber.subscribe("t1", "/topic/t");

            List<DestinationSummary> before = broker.destinations();
            long held = summary(before, "/queue/a").bytes();
            assertThat(held).as("the three messages' bytes in memory").isGreaterThan(3L * "m0".length());
            assertThat(before).contains(
                    new DestinationSummary("/queue/a", Kind.QUEUE, 0, 3, 0, 3, 0, held),
                    new DestinationSummary("/topic/t", Kind.TOPIC, 1, 0, 0, 0, 0, 0));
            // Queues and durable subscriptions first, then topics.
            assertThat(before.indexOf(summary(before, "/queue/a")))
                    .isLessThan(before.indexOf(summary(before, "/topic/t")));

            consumer.send("SUBSCRIBE", "id", "c1", "destination", "/queue/a", "ack", "client-individual",
                    "receipt", "sub-c1");
            assertThat(consumer.receive().command()).isEqualTo("RECEIPT");
            String[] ackIds = new String[3];
            for (int i = 0; i < 3; i++) {
                StompFrame message = consumer.receive();
                assertThat(message.bodyText()).isEqualTo("m" + i);
                ackIds[i] = message.header("ack");
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(summary(broker.destinations(), "/queue/a"))
                    .isEqualTo(new DestinationSummary("/queue/a", Kind.QUEUE, 1, 0, 3, 3, 0, held)));

            for (int i = 0; i < 3; i++) {
                consumer.send("ACK", "id", ackIds[i], "receipt", "ack-" + i);
                StompFrame receipt = consumer.receive();
                assertThat(receipt.command()).isEqualTo("RECEIPT");
                assertThat(receipt.header("receipt-id")).isEqualTo("ack-" + i);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(summary(broker.destinations(), "/queue/a"))
                    .isEqualTo(new DestinationSummary("/queue/a", Kind.QUEUE, 1, 0, 0, 3, 3, 0)));
            assertThat(summary(broker.destinations(), "/topic/t").subscribers()).isEqualTo(1);
        }
    }

    // ---- purgeQueue()

    @Test
    void purgeQueueDropsWaitingMessagesButNotLaterOnes() throws Exception {
        startBroker(Broker.builder().build());
        try (TcpTestClient producer = client(); TcpTestClient consumer = client()) {
            producer.connect();
            consumer.connect();
            for (int i = 0; i < 4; i++) {
                sendWithReceipt(producer, "/queue/p", "old-" + i);
            }
            assertThat(summary(broker.destinations(), "/queue/p").depth()).isEqualTo(4);

            assertThat(broker.purgeQueue("/queue/p")).isEqualTo(4);

            assertThat(summary(broker.destinations(), "/queue/p").depth()).isZero();
            assertThat(broker.stats().queueDepths()).containsEntry("/queue/p", 0);
            assertThat(broker.purgeQueue("/queue/p")).as("nothing left to purge").isZero();

            consumer.subscribe("c1", "/queue/p");
            sendWithReceipt(producer, "/queue/p", "new");
            StompFrame message = consumer.receive();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.bodyText()).as("the first message after the purge").isEqualTo("new");
            assertNothingElseArrives(producer, consumer, "/queue/p");

            assertThat(broker.purgeQueue("/queue/no-such-queue")).isEqualTo(-1);
        }
    }

    @Test
    void purgedPersistentMessagesDoNotComeBackAfterARestart() throws Exception {
        startBroker(Broker.builder().dataDirectory(dataDirectory, FsyncPolicy.always()).build());
        try (TcpTestClient producer = client()) {
            producer.connect();
            for (int i = 0; i < 3; i++) {
                sendWithReceipt(producer, "/queue/stored", "old-" + i, "persistent", "true");
            }
            assertThat(broker.purgeQueue("/queue/stored")).isEqualTo(3);
            sendWithReceipt(producer, "/queue/stored", "kept", "persistent", "true");
        }
        server.close();

        startBroker(Broker.builder().dataDirectory(dataDirectory, FsyncPolicy.always()).build());
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/stored", 1);
        try (TcpTestClient consumer = client(); TcpTestClient producer = client()) {
            consumer.connect();
            producer.connect();
            consumer.subscribe("c1", "/queue/stored");
            StompFrame message = consumer.receive();
            assertThat(message.bodyText()).isEqualTo("kept");
            assertNothingElseArrives(producer, consumer, "/queue/stored");
        }
    }

    // ---- deleteDurableSubscription()

    @Test
    void deleteDurableSubscriptionDropsItAndWhatWaitsOnIt() throws Exception {
        startBroker(Broker.builder().build());
        try (TcpTestClient publisher = client()) {
            publisher.connect();
            try (TcpTestClient durable = client()) {
                durable.connect("client-id", "c1");
                durable.send("SUBSCRIBE", "id", "d1", "destination", "/topic/news",
                        "durable-subscription-name", "news-sub", "receipt", "sub-d1");
                assertThat(durable.receive().command()).isEqualTo("RECEIPT");
                durable.send("DISCONNECT", "receipt", "bye");
                assertThat(durable.receive().command()).isEqualTo("RECEIPT");
            }
            await().atMost(WAIT).until(() -> broker.stats().connections() == 1);

            for (int i = 0; i < 3; i++) {
                sendWithReceipt(publisher, "/topic/news", "old-" + i);
            }
            DestinationSummary listed = durableSubscription(broker.destinations()).orElseThrow(
                    () -> new AssertionError("no durable subscription in " + broker.destinations()));
            assertThat(listed.name()).contains("news-sub");
            assertThat(listed.subscribers()).isZero();
            assertThat(listed.depth()).isEqualTo(3);
            assertThat(listed.enqueued()).isEqualTo(3);

            // The name as the client and SubscribeHeaders give it: client-id and subscription name.
            assertThat(broker.deleteDurableSubscription("client:c1:news-sub")).isTrue();
            assertThat(durableSubscription(broker.destinations())).isEmpty();
            assertThat(broker.destinations()).extracting(DestinationSummary::name)
                    .noneMatch(name -> name.contains("news-sub"));
            assertThat(broker.deleteDurableSubscription("client:c1:news-sub")).as("a second delete").isFalse();
            assertThat(broker.deleteDurableSubscription("no-such-subscription")).isFalse();

            try (TcpTestClient durable = client()) {
                durable.connect("client-id", "c1");
                durable.send("SUBSCRIBE", "id", "d1", "destination", "/topic/news",
                        "durable-subscription-name", "news-sub", "receipt", "sub-d1");
                assertThat(durable.receive().command()).isEqualTo("RECEIPT");
                sendWithReceipt(publisher, "/topic/news", "new");
                StompFrame message = durable.receive();
                assertThat(message.command()).isEqualTo("MESSAGE");
                assertThat(message.bodyText()).as("none of the old messages").isEqualTo("new");
            }
        }
    }

    @Test
    @DisplayName("bug: deleteDurableSubscription refused the name destinations() lists (its internal $durable: queue name)")
    void deleteDurableSubscriptionTakesTheNameDestinationsLists() throws Exception {
        startBroker(Broker.builder().build());
        try (TcpTestClient durable = client()) {
            durable.connect("client-id", "c2");
            durable.send("SUBSCRIBE", "id", "d1", "destination", "/topic/x",
                    "activemq.subscriptionName", "x-sub", "receipt", "sub-d1");
            assertThat(durable.receive().command()).isEqualTo("RECEIPT");
        }
        await().atMost(WAIT).until(() -> broker.stats().connections() == 0);
        String listedName = durableSubscription(broker.destinations()).orElseThrow().name();

        // An administrator deletes what destinations() lists, by the name it lists.
        assertThat(broker.deleteDurableSubscription(listedName))
                .as("deleteDurableSubscription(\"%s\"), the name destinations() gives", listedName).isTrue();
        assertThat(durableSubscription(broker.destinations())).isEmpty();
    }

    @Test
    void aDeletedDurableSubscriptionStaysDeletedAfterARestart() throws Exception {
        startBroker(Broker.builder().dataDirectory(dataDirectory, FsyncPolicy.always()).build());
        try (TcpTestClient publisher = client()) {
            publisher.connect();
            try (TcpTestClient durable = client()) {
                durable.connect("client-id", "c1");
                durable.send("SUBSCRIBE", "id", "d1", "destination", "/topic/news",
                        "durable-subscription-name", "news-sub", "receipt", "sub-d1");
                assertThat(durable.receive().command()).isEqualTo("RECEIPT");
            }
            await().atMost(WAIT).until(() -> broker.stats().connections() == 1);
            for (int i = 0; i < 3; i++) {
                sendWithReceipt(publisher, "/topic/news", "old-" + i, "persistent", "true");
            }
            assertThat(durableSubscription(broker.destinations()).orElseThrow().depth()).isEqualTo(3);
            assertThat(broker.deleteDurableSubscription("client:c1:news-sub")).isTrue();
        }
        server.close();

        startBroker(Broker.builder().dataDirectory(dataDirectory, FsyncPolicy.always()).build());
        assertThat(durableSubscription(broker.destinations())).as("after the restart").isEmpty();
        try (TcpTestClient publisher = client(); TcpTestClient durable = client()) {
            publisher.connect();
            durable.connect("client-id", "c1");
            durable.send("SUBSCRIBE", "id", "d1", "destination", "/topic/news",
                    "durable-subscription-name", "news-sub", "receipt", "sub-d1");
            assertThat(durable.receive().command()).isEqualTo("RECEIPT");
            sendWithReceipt(publisher, "/topic/news", "new");
            assertThat(durable.receive().bodyText()).as("none of the old messages").isEqualTo("new");
        }
    }

    // ---- helpers

    /** SEND with a receipt, waiting for the RECEIPT so the message is routed. */
    private static void sendWithReceipt(TestClient client, String destination, String body, String... extra)
            throws IOException {
        String receiptId = "r-" + destination + "-" + body;
        String[] headers = new String[4 + extra.length];
        headers[0] = "destination";
        headers[1] = destination;
        headers[2] = "receipt";
        headers[3] = receiptId;
        System.arraycopy(extra, 0, headers, 4, extra.length);
        client.sendWithBody("SEND", body, headers);
        StompFrame receipt = client.receive();
        assertThat(receipt.command()).as("answer to SEND: %s", receipt).isEqualTo("RECEIPT");
        assertThat(receipt.header("receipt-id")).isEqualTo(receiptId);
    }

    /**
     * Sends a marker to the queue and expects it to be the very next message: anything the
     * consumer was still to get (a purged message) would come first.
     */
    private static void assertNothingElseArrives(TestClient producer, TestClient consumer, String queue)
            throws IOException {
        sendWithReceipt(producer, queue, "marker");
        assertThat(consumer.receive().bodyText()).isEqualTo("marker");
    }

    private static SessionSummary find(List<SessionSummary> sessions, String id) {
        return sessions.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id + " in " + sessions));
    }

    private static void assertLoopback(SessionSummary session) {
        assertThat(session.remoteAddress()).isInstanceOf(InetSocketAddress.class);
        assertThat(((InetSocketAddress) session.remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
    }

    private static DestinationSummary summary(List<DestinationSummary> all, String name) {
        return all.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no destination " + name + " in " + all));
    }

    private static Optional<DestinationSummary> durableSubscription(List<DestinationSummary> all) {
        return all.stream().filter(d -> d.kind() == Kind.DURABLE_SUBSCRIPTION).findFirst();
    }
}
