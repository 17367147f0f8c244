package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Positions (x-offset, x-epoch) given by Redis, the same on every node, and x-since-offset on any node. */
@Timeout(90)
class PositionsAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "/topic/room.1";

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final VirtualClock clock = new VirtualClock();
    private final List<Broker> nodes = new ArrayList<>();
    private final List<RedisClusterBus> buses = new ArrayList<>();
    private String clusterName;

    @AfterEach
    void stopNodes() {
        nodes.forEach(Broker::close);
    }

    private void cluster(String uri) {
        clusterName = "p" + System.nanoTime();
        for (String id : List.of("a", "b", "c")) {
            RedisClusterBus bus = RedisClusterBus.builder(uri).nodeId(id).clusterName(clusterName).build();
            buses.add(bus);
            nodes.add(Broker.builder().clusterBus(bus).history("/topic/room.*", 100).build());
        }
    }

    private InMemoryConnection subscribed(Broker node, String destination, String... more) {
        InMemoryConnection client = InMemoryConnection.open(node, clock);
        assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);
        List<String> headers = new ArrayList<>(List.of("id", "s", "destination", destination, "receipt", "subscribed"));
        headers.addAll(List.of(more));
        client.send(Command.SUBSCRIBE, headers.toArray(String[]::new));
        return client;
    }

    /** Frames up to and including the RECEIPT, and then what came with it, the RECEIPT last. */
    private static List<Frame> untilReceipt(InMemoryConnection client) {
        List<Frame> frames = new ArrayList<>();
        Frame receipt = null;
        while (receipt == null) {
            Frame frame = client.awaitFrame(WAIT);
            if (frame.command() == Command.RECEIPT) {
                receipt = frame;
            } else {
                frames.add(frame);
            }
        }
        frames.addAll(client.frames());
        frames.add(receipt);
        return frames;
    }

    private static List<Frame> take(InMemoryConnection client, int count) {
        List<Frame> frames = new ArrayList<>();
        while (frames.size() < count) {
            Frame frame = client.awaitFrame(WAIT);
            if (frame.command() == Command.MESSAGE) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private static String positioned(Frame frame) {
        return frame.header("x-epoch") + "/" + frame.header("x-offset") + "=" + frame.bodyAsString();
    }

    /** Subscribing tells Redis asynchronously; this waits until node {@code node}'s bus has subscribed. */
    private void awaitSubscribed(int node, int channels) {
        RedisClusterBus bus = buses.get(node);
        await().atMost(WAIT).until(() -> bus.stats().subscriptions() >= channels);
    }

    @Test
    @DisplayName("a message has the same offset and epoch on every node, offsets one apart in order, "
            + "whichever node published it, for topic and wildcard subscribers alike")
    void sameOffsetAndEpochOnEveryNode() throws InterruptedException {
        cluster(REDIS.server().uri());
        List<InMemoryConnection> clients = new ArrayList<>();
        for (Broker node : nodes) {
            clients.add(subscribed(node, TOPIC));
        }
        InMemoryConnection wildcard = subscribed(nodes.get(0), "/topic/room.*");
        clients.forEach(PositionsAcrossNodesTest::untilReceipt);
        untilReceipt(wildcard);
        awaitSubscribed(0, 2);
        awaitSubscribed(1, 1);
        awaitSubscribed(2, 1);

        int each = 30;
        List<Thread> publishers = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            Broker node = nodes.get(n);
            String name = "ab".substring(n, n + 1);
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    node.publish(TOPIC, name + i);
                }
            });
            publishers.add(publisher);
            publisher.start();
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        List<List<String>> seen = new ArrayList<>();
        for (InMemoryConnection client : clients) {
            seen.add(take(client, 2 * each).stream().map(PositionsAcrossNodesTest::positioned).toList());
        }
        List<String> first = seen.get(0);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i)).as("message %d", i).contains("/" + (i + 1) + "=");
        }
        assertThat(first.stream().map(p -> p.substring(0, p.indexOf('/'))).distinct()).hasSize(1);
        assertThat(seen.get(1)).isEqualTo(first);
        assertThat(seen.get(2)).isEqualTo(first);
        assertThat(take(wildcard, 2 * each).stream().map(PositionsAcrossNodesTest::positioned).toList()).isEqualTo(first);
    }

    @Test
    @DisplayName("x-since-offset on node c replays exactly what was published on a and b after the position, then live")
    void sinceOnAnotherNode() {
        cluster(REDIS.server().uri());
        InMemoryConnection phone = subscribed(nodes.get(0), TOPIC);
        untilReceipt(phone);
        awaitSubscribed(0, 1);
        for (int i = 1; i <= 3; i++) {
            nodes.get(i % 2).publish(TOPIC, "before" + i);
        }
        Frame last = take(phone, 3).get(2);
        assertThat(last.header("x-offset")).isEqualTo("3");
        phone.send(Command.DISCONNECT);
        for (int i = 1; i <= 4; i++) {
            nodes.get(i % 2).publish(TOPIC, "missed" + i);
        }
        // In Redis once the nodes' scripts were answered.
        await().atMost(WAIT).until(() -> buses.get(0).stats().published() + buses.get(1).stats().published() == 7);

        InMemoryConnection back = subscribed(nodes.get(2), TOPIC, "x-since-offset", "3",
                "x-since-epoch", last.header("x-epoch"));
        List<Frame> frames = untilReceipt(back);
        Frame receipt = frames.remove(frames.size() - 1);
        assertThat(receipt.header("x-recovered")).as("%s after %s", receipt, frames).isEqualTo("true");
        assertThat(frames).extracting(Frame::bodyAsString).containsExactlyInAnyOrder("missed1", "missed2", "missed3", "missed4");
        assertThat(frames).extracting(f -> f.header("x-offset")).containsExactly("4", "5", "6", "7");
        assertThat(frames).allSatisfy(f -> assertThat(f.header("x-history")).isEqualTo("true"));

        awaitSubscribed(2, 1);
        nodes.get(0).publish(TOPIC, "live");
        Frame live = back.awaitFrame(WAIT);
        assertThat(live.bodyAsString()).isEqualTo("live");
        assertThat(live.header("x-offset")).isEqualTo("8");
        assertThat(live.header("x-history")).isNull();
        assertThat(back.nextFrame()).isNull();
    }

    @Test
    @DisplayName("a position past the last offset Redis gave (a failover lost the latest writes) gets all the history, "
            + "x-recovery ahead, and the live messages that take those offsets again")
    void positionAheadAfterRedisLostItsLatestWrites() {
        cluster(REDIS.server().uri());
        InMemoryConnection phone = subscribed(nodes.get(0), TOPIC);
        untilReceipt(phone);
        awaitSubscribed(0, 1);
        for (int i = 1; i <= 3; i++) {
            nodes.get(1).publish(TOPIC, "m" + i);
        }
        Frame last = take(phone, 3).get(2);
        assertThat(last.header("x-offset")).isEqualTo("3");
        // What a replica promoted before offsets 2 and 3 reached it holds: its stream never went past 0-1.
        Channels keys = new Channels(clusterName, false);
        REDIS.server().call(redis -> redis.eval("""
                redis.call('HSET', KEYS[1], 'offset', 1)
                redis.call('XDEL', KEYS[2], '0-2', '0-3')
                return redis.call('XSETID', KEYS[2], '0-1')
                """, ScriptOutputType.STATUS, keys.positionOf(TOPIC), keys.historyOf(TOPIC)));

        InMemoryConnection back = subscribed(nodes.get(2), TOPIC, "x-since-offset", "3",
                "x-since-epoch", last.header("x-epoch"));
        List<Frame> frames = untilReceipt(back);
        Frame receipt = frames.remove(frames.size() - 1);
        assertThat(receipt.header("x-recovered")).as("%s after %s", receipt, frames).isEqualTo("false");
        assertThat(receipt.header("x-recovery")).isEqualTo("ahead");
        assertThat(frames).extracting(Frame::bodyAsString).containsExactly("m1");

        awaitSubscribed(2, 1);
        nodes.get(0).publish(TOPIC, "again2");
        nodes.get(0).publish(TOPIC, "again3");
        List<Frame> live = take(back, 2);
        assertThat(live).extracting(Frame::bodyAsString).containsExactly("again2", "again3");
        assertThat(live).extracting(f -> f.header("x-offset")).containsExactly("2", "3");
    }

    @Test
    @DisplayName("the history scripts run by their digest (EVALSHA), and again with their text once Redis forgot them "
            + "(SCRIPT FLUSH, as a restart or failover does)")
    void historyScriptsSurviveAnEmptiedScriptCache() {
        cluster(REDIS.server().uri());
        InMemoryConnection phone = subscribed(nodes.get(0), TOPIC);
        untilReceipt(phone);
        awaitSubscribed(0, 1);
        nodes.get(1).publish(TOPIC, "m1");
        Frame first = take(phone, 1).get(0);

        REDIS.server().call(RedisCommands::scriptFlush);
        REDIS.server().call(RedisCommands::configResetstat);
        for (int i = 2; i <= 4; i++) {
            nodes.get(1).publish(TOPIC, "m" + i);
            assertThat(take(phone, 1).get(0).header("x-offset")).isEqualTo(Integer.toString(i));
        }
        InMemoryConnection back = subscribed(nodes.get(2), TOPIC, "x-since-offset", "1",
                "x-since-epoch", first.header("x-epoch"));
        List<Frame> frames = untilReceipt(back);
        assertThat(frames.remove(frames.size() - 1).header("x-recovered")).isEqualTo("true");
        assertThat(frames).extracting(Frame::bodyAsString).containsExactly("m2", "m3", "m4");

        assertThat(REDIS.server().calls("eval")).as("the append and read scripts' text, once each").isEqualTo(2);
        assertThat(REDIS.server().calls("evalsha")).as("three appends and a read, the first of each refused").isEqualTo(4);
    }

    @Test
    @DisplayName("Redis restarted without persistence: a new epoch from offset 1, and x-since the old one is told epoch-changed")
    void redisRestartedEmptyChangesTheEpoch(@TempDir Path dir) throws InterruptedException {
        RedisServer redis = RedisServer.start(dir);
        try {
            cluster(redis.uri());
            InMemoryConnection phone = subscribed(nodes.get(0), TOPIC);
            untilReceipt(phone);
            awaitSubscribed(0, 1);
            nodes.get(1).publish(TOPIC, "old");
            Frame old = take(phone, 1).get(0);
            assertThat(old.header("x-offset")).isEqualTo("1");

            redis.restart();
            await().atMost(WAIT).until(() -> buses.stream().allMatch(RedisClusterBus::connected));
            // Lettuce subscribes again by itself; a publish after that is heard.
            await().atMost(WAIT).untilAsserted(() -> {
                nodes.get(1).publish(TOPIC, "new");
                Frame frame = phone.awaitFrame(Duration.ofMillis(500));
                assertThat(frame).isNotNull();
                assertThat(frame.header("x-epoch")).isNotEqualTo(old.header("x-epoch"));
            });

            InMemoryConnection back = subscribed(nodes.get(2), TOPIC, "x-since-offset", "1",
                    "x-since-epoch", old.header("x-epoch"));
            List<Frame> frames = untilReceipt(back);
            Frame receipt = frames.remove(frames.size() - 1);
            assertThat(receipt.header("x-recovered")).isEqualTo("false");
            assertThat(receipt.header("x-recovery")).isEqualTo("epoch-changed");
            assertThat(frames).isNotEmpty().allSatisfy(f -> assertThat(f.bodyAsString()).isEqualTo("new"));
            assertThat(frames.get(0).header("x-offset")).isEqualTo("1");
        } finally {
            nodes.forEach(Broker::close);
            nodes.clear();
            redis.close();
        }
    }
}
