package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.Subscription;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.message.Message;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three nodes on one real Redis: topics, wildcards, interest and history across nodes. */
@Timeout(60)
class TopicsAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final List<Broker> brokers = new ArrayList<>();
    private final List<RedisClusterBus> buses = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        brokers.forEach(Broker::close);
    }

    private Broker node(RedisClusterBus bus, UnaryOperator<BrokerBuilder> configure) {
        buses.add(bus);
        Broker broker = configure.apply(Broker.builder().clusterBus(bus)).build();
        brokers.add(broker);
        return broker;
    }

    /** Three nodes of one cluster, each built with {@code configure}. */
    private List<Broker> cluster(UnaryOperator<BrokerBuilder> configure) {
        String name = "c" + System.nanoTime();
        List<Broker> nodes = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            nodes.add(node(RedisClusterBus.builder(REDIS.server().uri()).nodeId(id).clusterName(name).build(), configure));
        }
        return nodes;
    }

    private List<Broker> cluster() {
        return cluster(b -> b);
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::bodyAsString).toList();
    }

    /** Subscribing tells Redis asynchronously; this waits until the bus has subscribed. */
    private static void awaitSubscribed(RedisClusterBus bus, int channels) {
        await().atMost(WAIT).until(() -> bus.stats().subscriptions() == channels);
    }

    @Test
    void aMessageSentOnOneNodeReachesEveryNodeOnceAndInOrder() throws Exception {
        List<Broker> nodes = cluster();
        List<List<Message>> received = new ArrayList<>();
        for (Broker node : nodes) {
            List<Message> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            node.subscribe("/topic/chat.room-5", mine::add);
        }
        List<Message> wildcard = new CopyOnWriteArrayList<>();
        Subscription pattern = nodes.get(2).subscribe("/topic/chat/*", wildcard::add);
        awaitSubscribed(buses.get(1), 1);
        awaitSubscribed(buses.get(2), 2);
        // The heartbeat that lists a node is written at start.
        await().atMost(WAIT).untilAsserted(() -> assertThat(buses.get(0).nodes().join()).containsExactlyInAnyOrder("a", "b", "c"));

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add("m" + i);
            nodes.get(0).publish("/topic/chat.room-5", "m" + i).join();
        }
        for (List<Message> mine : received) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(mine)).containsExactlyElementsOf(sent));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(wildcard)).containsExactlyElementsOf(sent));
        assertThat(buses.get(0).stats().published()).isEqualTo(200);
        assertThat(buses.get(0).stats().received()).as("its own messages do not come back").isZero();
        assertThat(buses.get(2).stats().received()).as("once per message, though two patterns match").isEqualTo(200);
        pattern.close();
    }

    @Test
    void messagesSentFasterThanRedisAnswersGoInBatchesAndKeepTheirOrder() {
        List<Broker> nodes = cluster();
        List<Message> onB = new CopyOnWriteArrayList<>();
        nodes.get(1).subscribe("/topic/ticker", onB::add);
        awaitSubscribed(buses.get(1), 1);
        long publishesBefore = publishCommands();

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            sent.add("t" + i);
            nodes.get(0).publish("/topic/ticker", "t" + i);
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(onB)).containsExactlyElementsOf(sent));
        assertThat(buses.get(0).stats().published()).isEqualTo(5000);
        assertThat(publishCommands() - publishesBefore).as("PUBLISH commands for 5000 messages").isLessThan(2500);
    }

    /** How many PUBLISH commands Redis has run since it started. */
    private static long publishCommands() {
        RedisClient raw = RedisClient.create(REDIS.server().uri());
        try (StatefulRedisConnection<String, String> connection = raw.connect()) {
            String stats = connection.sync().info("commandstats");
            Matcher calls = Pattern.compile("cmdstat_publish:calls=(\\d+)").matcher(stats);
            return calls.find() ? Long.parseLong(calls.group(1)) : 0;
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void aNodeHearsOnlyWhatItsSubscribersWant() {
        List<Broker> nodes = cluster();
        List<Message> onB = new CopyOnWriteArrayList<>();
        Subscription subscription = nodes.get(1).subscribe("/topic/room-1", onB::add);
        awaitSubscribed(buses.get(1), 1);

        nodes.get(0).publish("/topic/room-2", "elsewhere").join();
        nodes.get(0).publish("/topic/room-1", "here").join();
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(onB)).containsExactly("here"));
        assertThat(buses.get(2).stats().received()).as("node c has no subscribers").isZero();
        assertThat(buses.get(1).stats().received()).isEqualTo(1);

        subscription.close();
        awaitSubscribed(buses.get(1), 0);
        long before = buses.get(0).stats().published();
        nodes.get(0).publish("/topic/room-1", "gone").join();
        // Redis answered the PUBLISH before node b subscribes again, so "gone" cannot reach it.
        await().atMost(WAIT).until(() -> buses.get(0).stats().published() > before);
        nodes.get(1).subscribe("/topic/room-1", onB::add);
        awaitSubscribed(buses.get(1), 1);
        nodes.get(0).publish("/topic/room-1", "back").join();
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(onB)).containsExactly("here", "back"));
    }

    @Test
    void afterARedisRestartDeliveryResumesWithEverySubscription() throws Exception {
        List<Broker> nodes = cluster();
        List<Message> exact = new CopyOnWriteArrayList<>();
        List<Message> wildcard = new CopyOnWriteArrayList<>();
        nodes.get(1).subscribe("/topic/news", exact::add);
        nodes.get(1).subscribe("/topic/prices.*", wildcard::add);
        awaitSubscribed(buses.get(1), 2);

        REDIS.server().restart();
        // Lettuce reconnects and subscribes again; until then messages miss the other nodes.
        await().atMost(WAIT).untilAsserted(() -> {
            nodes.get(0).publish("/topic/news", "n").join();
            nodes.get(0).publish("/topic/prices.eur", "p").join();
            assertThat(bodies(exact)).contains("n");
            assertThat(bodies(wildcard)).contains("p");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(buses.get(0).nodes().join()).contains("a", "b", "c"));
        assertThat(buses.get(1).stats().disconnects()).as("the restart was seen").isPositive();
        await().atMost(WAIT).untilAsserted(() -> assertThat(buses.get(1).stats().roundTripMicros()).isPositive());
    }

    @Test
    void historyAskedOnAnyNodeHoldsTheLastMessagesPublishedOnEveryNodeThenLiveOnes() {
        List<Broker> nodes = cluster(b -> b.history("/topic/room.**", 5));
        for (int node = 0; node < 2; node++) {
            for (int i = 1; i <= 3; i++) {
                nodes.get(node).publish("/topic/room.5", "ab".charAt(node) + "" + i).join();
            }
            RedisClusterBus bus = buses.get(node);
            // Published in Redis once its PUBLISH, sent after the history's XADD, was answered.
            await().atMost(WAIT).until(() -> bus.stats().published() == 3);
        }
        InMemoryConnection late = InMemoryConnection.open(nodes.get(2), new VirtualClock());
        assertThat(late.connect().command()).isEqualTo(Command.CONNECTED);

        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/room.5", "x-history", "5", "receipt", "r");

        // The RECEIPT comes after the history it replayed.
        List<Frame> replayed = new ArrayList<>();
        for (Frame frame = late.awaitFrame(WAIT); frame.command() != Command.RECEIPT; frame = late.awaitFrame(WAIT)) {
            replayed.add(frame);
        }
        assertThat(replayed).extracting(Frame::bodyAsString).containsExactly("a2", "a3", "b1", "b2", "b3");
        assertThat(replayed).allSatisfy(frame -> assertThat(frame.header("x-history")).isEqualTo("true"));
        awaitSubscribed(buses.get(2), 1);
        nodes.get(0).publish("/topic/room.5", "live").join();
        Frame live = late.awaitFrame(WAIT);
        assertThat(live.bodyAsString()).isEqualTo("live");
        assertThat(live.header("x-history")).isNull();
        assertThat(late.nextFrame()).isNull();
    }

    @Test
    void aNodeWhoseRedisCannotBeReachedIsNotBuilt() throws IOException {
        int nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = free.getLocalPort();
        }
        RedisClusterBus bus = RedisClusterBus.builder("redis://127.0.0.1:" + nobody).nodeId("alone").build();
        assertThatThrownBy(() -> Broker.builder().clusterBus(bus).build())
                .isInstanceOf(RedisConnectionException.class);
        bus.close();
    }
}
