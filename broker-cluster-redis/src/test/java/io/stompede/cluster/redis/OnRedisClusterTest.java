package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.message.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on a real three-master Redis Cluster: sharded topic channels spread over the
 * masters, wildcards through their own channels, queues, history and durable subscriptions.
 */
@Timeout(90)
class OnRedisClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static RedisClusterServers redis;

    private final VirtualClock clock = new VirtualClock();
    private final List<Broker> nodes = new ArrayList<>();
    private final List<RedisClusterBus> buses = new ArrayList<>();

    @BeforeAll
    static void startRedisCluster() {
        redis = RedisClusterServers.start(dir);
    }

    @AfterAll
    static void stopRedisCluster() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Broker::close);
    }

    private void cluster() {
        String name = "rc" + System.nanoTime();
        for (String id : List.of("a", "b", "c")) {
            RedisClusterBus bus = RedisClusterBus.builder(redis.uri()).nodeId(id).clusterName(name)
                    .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
            buses.add(bus);
            nodes.add(Broker.builder().clusterBus(bus).history("/topic/hist.**", 3).build());
        }
    }

    private InMemoryConnection connected(Broker node) {
        InMemoryConnection client = InMemoryConnection.open(node, clock);
        assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::bodyAsString).toList();
    }

    @Test
    void topicsAreShardedOverTheMastersAndReachEveryNodeInOrder() throws Exception {
        cluster();
        List<List<Message>> rooms = new ArrayList<>();
        for (int room = 0; room < 20; room++) {
            List<Message> heard = new CopyOnWriteArrayList<>();
            rooms.add(heard);
            nodes.get(1 + room % 2).subscribe("/topic/room." + room, heard::add);
        }
        await().atMost(WAIT).until(() -> buses.get(1).stats().subscriptions() == 10
                && buses.get(2).stats().subscriptions() == 10);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add("m" + i);
            for (int room = 0; room < 20; room++) {
                nodes.get(0).publish("/topic/room." + room, "m" + i);
            }
        }

        for (List<Message> heard : rooms) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(heard)).containsExactlyElementsOf(sent));
        }
        // Each master holds some of the rooms' channels: spread over the slots, not on one shard.
        for (int port : redis.ports()) {
            RedisClient raw = RedisClient.create("redis://127.0.0.1:" + port);
            try (StatefulRedisConnection<String, String> connection = raw.connect()) {
                List<Object> channels = connection.sync().dispatch(io.lettuce.core.protocol.CommandType.PUBSUB,
                        new io.lettuce.core.output.ArrayOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                        new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                                .add("SHARDCHANNELS"));
                assertThat(channels).as("shard channels on master %d", port).isNotEmpty();
            } finally {
                raw.shutdown();
            }
        }
    }

    @Test
    void aWildcardSubscriberHearsEveryNodesMatchingMessagesOnce() {
        cluster();
        List<Message> wildcard = new CopyOnWriteArrayList<>();
        nodes.get(2).subscribe("/topic/prices.*", wildcard::add);
        nodes.get(2).subscribe("/topic/prices.eur", message -> { });

        // The publishers learn of the pattern asynchronously; until then pub/sub drops what they send.
        for (int node = 0; node < 2; node++) {
            Broker publisher = nodes.get(node);
            await().atMost(WAIT).untilAsserted(() -> {
                publisher.publish("/topic/prices.probe", "probe");
                assertThat(bodies(wildcard)).contains("probe");
            });
        }
        nodes.get(1).publish("/topic/prices.usd", "1.09");
        nodes.get(0).publish("/topic/prices.eur", "0.92");
        nodes.get(0).publish("/topic/news", "not a price");

        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(wildcard)).contains("1.09", "0.92"));
        assertThat(bodies(wildcard)).filteredOn(body -> !body.equals("probe"))
                .as("once each, though the node also subscribes to /topic/prices.eur itself")
                .containsExactlyInAnyOrder("1.09", "0.92");
    }

    @Test
    void queueMessagesAreEachConsumedOnceAcrossTheNodes() {
        cluster();
        List<String> consumed = new CopyOnWriteArrayList<>();
        for (Broker node : nodes) {
            node.subscribe("/queue/jobs", message -> consumed.add(message.bodyAsString()));
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add("job-" + i);
            nodes.get(i % 3).publish("/queue/jobs", "job-" + i).join();
        }

        await().atMost(WAIT).until(() -> consumed.size() >= sent.size());
        assertThat(consumed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void historyAndDurableSubscriptionsSpanTheNodes() {
        cluster();
        for (int i = 1; i <= 4; i++) {
            RedisClusterBus bus = buses.get(i % 2);
            long before = bus.stats().published();
            nodes.get(i % 2).publish("/topic/hist.room", "h" + i).join();
            // In the history once its PUBLISH, sent after the XADD on the same shard, was answered.
            await().atMost(WAIT).until(() -> bus.stats().published() > before);
        }
        InMemoryConnection late = connected(nodes.get(2));
        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/hist.room", "x-history", "3", "receipt", "r");
        // The RECEIPT comes after the history it replayed.
        List<String> replayed = new ArrayList<>();
        for (Frame frame = late.awaitFrame(WAIT); frame.command() != Command.RECEIPT; frame = late.awaitFrame(WAIT)) {
            replayed.add(frame.bodyAsString());
        }
        assertThat(replayed).containsExactly("h2", "h3", "h4");

        InMemoryConnection away = InMemoryConnection.open(nodes.get(0), clock);
        away.connect(Headers.of("accept-version", "1.2", "host", "localhost", "client-id", "phone"));
        away.send(Command.SUBSCRIBE, "id", "d", "destination", "/topic/alerts", "durable-subscription-name", "s",
                "receipt", "bound");
        assertThat(away.awaitFrame(WAIT).header("receipt-id")).isEqualTo("bound");
        away.send(Command.DISCONNECT);
        nodes.get(1).publish("/topic/alerts", "while away").join();
        InMemoryConnection back = InMemoryConnection.open(nodes.get(2), clock);
        back.connect(Headers.of("accept-version", "1.2", "host", "localhost", "client-id", "phone"));
        back.send(Command.SUBSCRIBE, "id", "d", "destination", "/topic/alerts", "durable-subscription-name", "s");
        assertThat(back.awaitFrame(WAIT).bodyAsString()).isEqualTo("while away");
    }

    @Test
    void positionsAreGivenOnTheTopicsShardAndReachWildcardsOnOtherShardsToo() {
        cluster();
        List<Message> topic = new CopyOnWriteArrayList<>();
        List<Message> wildcard = new CopyOnWriteArrayList<>();
        nodes.get(2).subscribe("/topic/hist.room", topic::add);
        nodes.get(1).subscribe("/topic/hist.*", wildcard::add);
        // The publisher learns of the pattern asynchronously; until then it sends it no copy.
        await().atMost(WAIT).untilAsserted(() -> {
            nodes.get(0).publish("/topic/hist.room", "probe");
            assertThat(bodies(wildcard)).contains("probe");
        });
        for (int i = 1; i <= 5; i++) {
            nodes.get(i % 2).publish("/topic/hist.room", "h" + i);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(wildcard)).contains("h1", "h2", "h3", "h4", "h5"));
        // Two publishers at once: Redis orders them, and every subscriber of the topic sees that order.
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(topic)).contains("h1", "h2", "h3", "h4", "h5"));
        List<String> viaTopic = positioned(topic);
        // A wildcard's channel is fed by each publisher after Redis positioned its messages: the
        // same positions, in each publisher's order, not in one order across publishers.
        assertThat(positioned(wildcard)).containsAll(viaTopic.subList(viaTopic.size() - 5, viaTopic.size()));
        List<Long> offsets = topic.stream().map(m -> Long.parseLong(m.headers().get("x-offset"))).toList();
        for (int i = 1; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).isEqualTo(offsets.get(i - 1) + 1);
        }
    }

    private static List<String> positioned(List<Message> messages) {
        return messages.stream()
                .map(m -> m.headers().get("x-epoch") + "/" + m.headers().get("x-offset") + "=" + m.bodyAsString()).toList();
    }
}
