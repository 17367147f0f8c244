package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.stompede.Broker;
import io.stompede.config.ResumeConfig;
import io.stompede.BrokerBuilder;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.message.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on one real Redis sharing their queues: each message to one consumer among all
 * nodes, acks and NACKs, redelivery on another node, dead letters, prefetch, local queues, and a
 * SEND refused while Redis is away.
 */
@Timeout(90)
class QueuesAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final VirtualClock clock = new VirtualClock();
    private final List<Broker> brokers = new ArrayList<>();
    private final List<RedisClusterBus> buses = new ArrayList<>();
    // The name of the cluster the test made last: the prefix of its Redis keys.
    private String clusterName;

    @AfterEach
    void stopNodes() {
        brokers.forEach(Broker::close);
    }

    /** Three nodes of a new cluster on {@code server}, each built with {@code configure}. */
    private List<Broker> cluster(RedisServer server, UnaryOperator<RedisClusterBus.Builder> bus,
                                 UnaryOperator<BrokerBuilder> configure) {
        String name = "q" + System.nanoTime();
        clusterName = name;
        List<Broker> nodes = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            RedisClusterBus node = bus.apply(RedisClusterBus.builder(server.uri()).nodeId(id).clusterName(name)
                    .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(1))).build();
            buses.add(node);
            Broker broker = configure.apply(Broker.builder().clusterBus(node)).build();
            brokers.add(broker);
            nodes.add(broker);
        }
        return nodes;
    }

    private List<Broker> cluster() {
        return cluster(REDIS.server(), b -> b, b -> b);
    }

    private InMemoryConnection connected(Broker broker) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static void sendReceipted(InMemoryConnection client, String destination, String body) {
        client.sendWithBody(Command.SEND, body, "destination", destination, "receipt", "r-" + body);
        Frame receipt = client.awaitFrame(WAIT);
        assertThat(receipt.command()).as(receipt.toString()).isEqualTo(Command.RECEIPT);
        assertThat(receipt.header("receipt-id")).isEqualTo("r-" + body);
    }

    private static List<Frame> awaitMessages(InMemoryConnection client, int count) {
        List<Frame> frames = new ArrayList<>();
        while (frames.size() < count) {
            Frame frame = client.awaitFrame(WAIT);
            assertThat(frame.command()).as(frame.toString()).isEqualTo(Command.MESSAGE);
            frames.add(frame);
        }
        return frames;
    }

    @Test
    void messagesFromProducersOnEveryNodeAreEachConsumedOnceByConsumersSpreadOverTheNodes() {
        List<Broker> nodes = cluster();
        Map<String, List<String>> byNode = new ConcurrentHashMap<>();
        List<String> all = new CopyOnWriteArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            String node = "abc".substring(n, n + 1);
            for (int consumer = 0; consumer < 2; consumer++) {
                nodes.get(n).subscribe("/queue/jobs", message -> {
                    byNode.computeIfAbsent(node, k -> new CopyOnWriteArrayList<>()).add(message.bodyAsString());
                    all.add(message.bodyAsString());
                });
            }
        }
        List<InMemoryConnection> producers = nodes.stream().map(this::connected).toList();
        int perNode = 300;
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < perNode; i++) {
            for (int n = 0; n < producers.size(); n++) {
                String body = "n" + n + "-" + i;
                sent.add(body);
                producers.get(n).sendWithBody(Command.SEND, body, "destination", "/queue/jobs");
            }
        }
        for (int n = 0; n < producers.size(); n++) {
            sendReceipted(producers.get(n), "/queue/jobs", "last" + n);
            sent.add("last" + n);
        }

        await().atMost(WAIT).until(() -> all.size() >= sent.size());
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(byNode).as("every node's consumers had a part").containsOnlyKeys("a", "b", "c");
        await().atMost(WAIT).untilAsserted(() -> assertThat(buses.stream().mapToLong(b -> b.stats().acknowledged()).sum())
                .isEqualTo(sent.size()));
        assertThat(buses.stream().mapToLong(b -> b.stats().enqueued()).sum()).isEqualTo(sent.size());
        assertThat(buses.stream().mapToLong(b -> b.stats().fetched()).sum()).isEqualTo(sent.size());
    }

    @Test
    void sendsFasterThanRedisAnswersAreAppendedInBatchesEachConsumedOnceAndReceiptedInOrder() {
        List<Broker> nodes = cluster();
        List<String> consumed = new CopyOnWriteArrayList<>();
        nodes.get(1).subscribe("/queue/burst", message -> consumed.add(message.bodyAsString()));
        InMemoryConnection producer = connected(nodes.get(0));
        long batchesBefore = REDIS.server().calls("evalsha");

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            sent.add("b" + i);
            producer.sendWithBody(Command.SEND, "b" + i, "destination", "/queue/burst", "receipt", "r" + i);
        }

        for (int i = 0; i < 3000; i++) {
            Frame receipt = producer.awaitFrame(WAIT);
            assertThat(receipt.command()).isEqualTo(Command.RECEIPT);
            assertThat(receipt.header("receipt-id")).isEqualTo("r" + i);
        }
        await().atMost(WAIT).until(() -> consumed.size() >= sent.size());
        assertThat(consumed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(REDIS.server().calls("evalsha") - batchesBefore).as("appends of several messages at once").isPositive();
    }

    @Test
    void whatAConsumerHeldWhenItDisconnectedIsRedeliveredOnAnotherNodeMarkedRedelivered() {
        List<Broker> nodes = cluster();
        InMemoryConnection holder = connected(nodes.get(0));
        holder.send(Command.SUBSCRIBE, "id", "h", "destination", "/queue/held", "ack", "client-individual",
                "prefetch-count", "5");
        InMemoryConnection producer = connected(nodes.get(2));
        for (int i = 0; i < 5; i++) {
            sendReceipted(producer, "/queue/held", "m" + i);
        }
        List<Frame> held = awaitMessages(holder, 5);
        assertThat(held).allSatisfy(frame -> assertThat(frame.header("redelivered")).isNull());
        InMemoryConnection other = connected(nodes.get(1));
        other.send(Command.SUBSCRIBE, "id", "o", "destination", "/queue/held", "ack", "client-individual");

        holder.disconnectAbruptly();
        // Its session is kept for resume, what it holds with it, until the grace ends.
        await().atMost(WAIT).until(() -> nodes.get(0).stats().connections() == 0);
        clock.advance(ResumeConfig.DEFAULTS.grace());

        List<Frame> again = awaitMessages(other, 5);
        assertThat(again).extracting(Frame::bodyAsString).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
        assertThat(again).allSatisfy(frame -> {
            assertThat(frame.header("redelivered")).isEqualTo("true");
            assertThat(frame.header("x-delivery-count")).isEqualTo("2");
        });
        for (Frame frame : again) {
            other.send(Command.ACK, "id", frame.header("ack"));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(buses.get(1).stats().acknowledged()).isEqualTo(5));
        assertThat(buses.get(1).stats().claimed()).isEqualTo(5);
        assertThat(buses.get(0).stats().givenBack()).isEqualTo(5);
    }

    @Test
    void aMessageNackedUpToTheDeliveryLimitIsDeadLetteredToTheSharedDeadLetterQueue() {
        List<Broker> nodes = cluster(REDIS.server(), b -> b, b -> b.maxDeliveries(2));
        List<Message> dead = Collections.synchronizedList(new ArrayList<>());
        nodes.get(2).subscribe("/queue/DLQ", dead::add);
        InMemoryConnection rejecter = connected(nodes.get(0));
        rejecter.send(Command.SUBSCRIBE, "id", "r", "destination", "/queue/poison", "ack", "client-individual");
        sendReceipted(connected(nodes.get(1)), "/queue/poison", "bad");

        Frame first = awaitMessages(rejecter, 1).get(0);
        rejecter.send(Command.NACK, "id", first.header("ack"));
        Frame second = awaitMessages(rejecter, 1).get(0);
        assertThat(second.header("x-delivery-count")).isEqualTo("2");
        rejecter.send(Command.NACK, "id", second.header("ack"));

        await().atMost(WAIT).until(() -> dead.size() == 1);
        assertThat(dead.get(0).bodyAsString()).isEqualTo("bad");
        assertThat(dead.get(0).headers().get("x-original-destination")).isEqualTo("/queue/poison");
        assertThat(dead.get(0).headers().get("x-dead-letter-reason")).isEqualTo("delivery-limit");
        assertThat(rejecter.nextFrame()).isNull();
    }

    @Test
    void prefetchHoldsAcrossTheCluster() {
        List<Broker> nodes = cluster();
        InMemoryConnection a = connected(nodes.get(0));
        InMemoryConnection b = connected(nodes.get(1));
        for (InMemoryConnection consumer : List.of(a, b)) {
            consumer.send(Command.SUBSCRIBE, "id", "p", "destination", "/queue/slow", "ack", "client-individual",
                    "prefetch-count", "1");
        }
        InMemoryConnection producer = connected(nodes.get(2));
        for (int i = 0; i < 6; i++) {
            sendReceipted(producer, "/queue/slow", "s" + i);
        }

        Frame atA = awaitMessages(a, 1).get(0);
        Frame atB = awaitMessages(b, 1).get(0);
        // Each node took what its one consumer has room for, and left the rest in Redis.
        assertThat(buses.get(0).stats().fetched()).isEqualTo(1);
        assertThat(buses.get(1).stats().fetched()).isEqualTo(1);
        assertThat(a.nextFrame()).isNull();
        assertThat(b.nextFrame()).isNull();

        List<String> consumed = new ArrayList<>(List.of(atA.bodyAsString(), atB.bodyAsString()));
        Frame next = atA;
        for (int i = 0; i < 4; i++) {
            a.send(Command.ACK, "id", next.header("ack"));
            next = awaitMessages(a, 1).get(0);
            consumed.add(next.bodyAsString());
        }
        assertThat(consumed).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4", "s5");
        assertThat(buses.get(1).stats().fetched()).isEqualTo(1);
    }

    @Test
    void aQueueDeclaredLocalStaysOnTheNodeThatReceivedTheSend() {
        List<Broker> nodes = cluster(REDIS.server(), b -> b.localQueues("/queue/local."), b -> b);
        List<String> atA = new CopyOnWriteArrayList<>();
        List<String> atB = new CopyOnWriteArrayList<>();
        nodes.get(0).subscribe("/queue/local.work", message -> atA.add(message.bodyAsString()));
        nodes.get(1).subscribe("/queue/local.work", message -> atB.add(message.bodyAsString()));
        InMemoryConnection producer = connected(nodes.get(0));

        for (int i = 0; i < 10; i++) {
            sendReceipted(producer, "/queue/local.work", "l" + i);
        }

        await().atMost(WAIT).until(() -> atA.size() == 10);
        assertThat(atB).isEmpty();
        assertThat(buses.get(0).stats().enqueued()).isZero();
    }

    @Test
    void entriesReadForANodeWhoseAnswerWasLostAreClaimedByItAfterItReconnects() {
        List<Broker> nodes = cluster();
        InMemoryConnection producer = connected(nodes.get(1));
        for (int i = 0; i < 3; i++) {
            sendReceipted(producer, "/queue/lost", "x" + i);
        }
        RedisClient raw = RedisClient.create(REDIS.server().uri());
        try (StatefulRedisConnection<String, String> connection = raw.connect()) {
            String key = clusterName + ":queue:/queue/lost";
            connection.sync().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "consumers",
                    XGroupCreateArgs.Builder.mkstream());
            // Read for node a, the answer never reaching it: as when its connection dropped mid-read.
            assertThat(connection.sync().xreadgroup(Consumer.from("consumers", buses.get(0).consumerName()),
                    XReadArgs.Builder.count(2), XReadArgs.StreamOffset.lastConsumed(key))).hasSize(2);
            InMemoryConnection consumer = connected(nodes.get(0));
            consumer.send(Command.SUBSCRIBE, "id", "c", "destination", "/queue/lost");
            assertThat(awaitMessages(consumer, 1).get(0).bodyAsString()).isEqualTo("x2");

            connection.sync().clientKill(KillArgs.Builder.typeNormal().skipme());

            List<Frame> recovered = awaitMessages(consumer, 2);
            assertThat(recovered).extracting(Frame::bodyAsString).containsExactlyInAnyOrder("x0", "x1");
            assertThat(recovered).allSatisfy(frame -> assertThat(frame.header("redelivered")).isEqualTo("true"));
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void whileRedisIsSlowANodeKeepsServingItsOwnSubscribersAndReceiptsWaitForRedis() {
        List<Broker> nodes = cluster();
        List<String> local = new CopyOnWriteArrayList<>();
        nodes.get(0).subscribe("/topic/local-news", message -> local.add(message.bodyAsString()));
        List<String> consumed = new CopyOnWriteArrayList<>();
        nodes.get(1).subscribe("/queue/patient", message -> consumed.add(message.bodyAsString()));
        InMemoryConnection producer = connected(nodes.get(0));
        RedisClient raw = RedisClient.create(REDIS.server().uri());
        try (StatefulRedisConnection<String, String> connection = raw.connect()) {
            // Redis answers nobody for three seconds.
            connection.sync().clientPause(3000);
            long start = System.nanoTime();

            for (int i = 0; i < 100; i++) {
                nodes.get(0).publish("/topic/local-news", "n" + i);
            }
            producer.sendWithBody(Command.SEND, "queued", "destination", "/queue/patient", "receipt", "slow");

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("nothing waits for Redis").isLessThan(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(1)).until(() -> local.size() == 100);
            Frame receipt = producer.awaitFrame(WAIT);
            assertThat(receipt.command()).isEqualTo(Command.RECEIPT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the RECEIPT waited for Redis")
                    .isGreaterThan(Duration.ofSeconds(2));
            await().atMost(WAIT).until(() -> consumed.contains("queued"));
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void aReceiptedSendToASharedQueueIsRefusedWhileRedisIsAwayAndWorksWhenItIsBack(@TempDir Path dir)
            throws InterruptedException {
        RedisServer own = RedisServer.start(dir);
        try {
            List<Broker> nodes = cluster(own, b -> b, b -> b);
            List<String> consumed = new CopyOnWriteArrayList<>();
            nodes.get(1).subscribe("/queue/orders", message -> consumed.add(message.bodyAsString()));
            InMemoryConnection producer = connected(nodes.get(0));
            sendReceipted(producer, "/queue/orders", "before");
            await().atMost(WAIT).until(() -> consumed.contains("before"));

            own.stop();
            await().atMost(WAIT).until(() -> buses.get(0).stats().disconnects() > 0);
            producer.sendWithBody(Command.SEND, "lost?", "destination", "/queue/orders", "receipt", "r");
            Frame refused = producer.awaitFrame(WAIT);
            assertThat(refused.command()).isEqualTo(Command.ERROR);
            assertThat(refused.header("message")).isEqualTo("cluster queue unavailable");
            assertThat(refused.header("receipt-id")).isEqualTo("r");

            own.startAgain();
            InMemoryConnection again = connected(nodes.get(0));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> sendReceipted(again, "/queue/orders", "after"));
            await().atMost(WAIT).until(() -> consumed.contains("after"));
            assertThat(consumed).doesNotContain("lost?");
        } finally {
            brokers.forEach(Broker::close);
            brokers.clear();
            own.close();
        }
    }
}
