package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.stompede.Broker;
import io.stompede.cluster.SessionRecord;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one real Redis: a session detached on one node resumes on the other, which gets what it kept. */
@Timeout(60)
class SessionsAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final VirtualClock clock = new VirtualClock();
    private final List<Broker> brokers = new ArrayList<>();
    private final List<RedisClusterBus> buses = new ArrayList<>();

    private RedisClient raw;
    private StatefulRedisConnection<String, byte[]> redis;

    @AfterEach
    void stopNodes() {
        brokers.forEach(Broker::close);
        if (raw != null) {
            redis.close();
            raw.shutdown();
        }
    }

    /** A connection of the test's own to the cluster's Redis, to read and change what it keeps. */
    private RedisCommands<String, byte[]> redis() {
        if (raw == null) {
            raw = RedisClient.create(REDIS.server().uri());
            redis = raw.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        }
        return redis.sync();
    }

    /** The keys of the cluster's session records whose session is detached. */
    private Set<String> detachedRecords() {
        Set<String> keys = new HashSet<>();
        for (String key : redis().keys(name + ":session:*")) {
            byte[] value = redis().get(key);
            if (value != null && SessionRecords.decode(value).record().deadline() != 0) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Drops {@code client}'s connection and waits until the cluster records its session as
     * detached: records are written asynchronously, and another node finds a session by its record.
     * Returns the record's key.
     */
    private String dropAndAwaitRecord(InMemoryConnection client) {
        Set<String> before = detachedRecords();
        client.disconnectAbruptly();
        Set<String> added = await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            Set<String> now = detachedRecords();
            now.removeAll(before);
            return now;
        }, now -> now.size() == 1);
        return added.iterator().next();
    }

    private String name;

    private void cluster() {
        name = "c" + System.nanoTime();
        for (String id : List.of("a", "b")) {
            RedisClusterBus bus = RedisClusterBus.builder(REDIS.server().uri()).nodeId(id).clusterName(name).build();
            buses.add(bus);
            brokers.add(Broker.builder().clusterBus(bus).resume(Duration.ofMinutes(2), 20_000, 64 << 20).build());
        }
        await().atMost(WAIT).until(() -> buses.get(1).nodes().join().size() == 2
                && buses.get(0).nodes().join().size() == 2);
    }

    private InMemoryConnection connect(Broker node, String login, String token) {
        InMemoryConnection client = InMemoryConnection.open(node, clock);
        Headers.Builder connect = Headers.builder().add("accept-version", "1.2").add("host", "localhost")
                .add("login", login);
        if (token != null) {
            connect.add("x-resume-token", token);
        }
        client.send(Frame.of(Command.CONNECT, connect.build()));
        return client;
    }

    private static Frame next(InMemoryConnection client) {
        return client.awaitFrame(WAIT);
    }

    /** A session kept for its client: its resume token, and the key of its record in Redis. */
    private record Kept(String token, String recordKey) {
    }

    /** Alice, on node a, subscribed to /topic/room and lost her connection. */
    private Kept detachedInRoom() {
        InMemoryConnection alice = connect(brokers.get(0), "alice", null);
        String token = next(alice).header("x-resume-token");
        alice.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room", "receipt", "s");
        assertThat(next(alice).command()).isEqualTo(Command.RECEIPT);
        return new Kept(token, dropAndAwaitRecord(alice));
    }

    @Test
    void aSessionDetachedOnOneNodeResumesOnTheOtherWithWhatItKept() {
        cluster();
        InMemoryConnection alice = connect(brokers.get(0), "alice", null);
        String token = next(alice).header("x-resume-token");
        alice.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room", "receipt", "s");
        assertThat(next(alice).command()).isEqualTo(Command.RECEIPT);
        alice.send(Command.SUBSCRIBE, "id", "notices", "destination", "/stompede/session", "receipt", "n");
        assertThat(next(alice).command()).isEqualTo(Command.RECEIPT);
        dropAndAwaitRecord(alice);
        for (int i = 0; i < 5; i++) {
            brokers.get(0).publish("/topic/room", "m" + i).join();
        }

        InMemoryConnection thief = connect(brokers.get(1), "mallory", token);
        Frame refused = next(thief);
        assertThat(refused.header("x-resumed")).isEqualTo("false");
        assertThat(refused.header("x-resume-refused")).isEqualTo("principal");

        InMemoryConnection back = connect(brokers.get(1), "alice", token);
        Frame connected = next(back);
        assertThat(connected.header("x-resumed")).isEqualTo("true");
        assertThat(connected.header("x-resume-missed")).isNull();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Frame message = next(back);
            assertThat(message.header("subscription")).isEqualTo("room");
            bodies.add(message.bodyAsString());
        }
        assertThat(bodies).containsExactly("m0", "m1", "m2", "m3", "m4");

        back.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room", "receipt", "again");
        assertThat(next(back).header("receipt-id")).isEqualTo("again");
        back.send(Command.SUBSCRIBE, "id", "notices", "destination", "/stompede/session", "receipt", "n2");
        assertThat(next(back).header("receipt-id")).as("the notice subscription came back too").isEqualTo("n2");
        // Node b heard the topic before it asked node a for the session.
        brokers.get(0).publish("/topic/room", "live").join();
        Frame live = next(back);
        assertThat(live.bodyAsString()).isEqualTo("live");
        assertThat(live.header("subscription")).isEqualTo("room");

        InMemoryConnection again = connect(brokers.get(0), "alice", token);
        assertThat(next(again).header("x-resume-refused")).isEqualTo("unknown");
    }

    @Test
    void messagesPublishedWhileTheSessionMovesReachItOnceAndInOrder() throws Exception {
        cluster();
        // Published until 50 more than those before CONNECTED, each once a witness on node b has the
        // one before: paced by Redis's round trips, so that the session moves amid them.
        InMemoryConnection witness = connect(brokers.get(1), "witness", null);
        next(witness);
        witness.send(Command.SUBSCRIBE, "id", "w", "destination", "/topic/room", "receipt", "w");
        assertThat(next(witness).command()).isEqualTo(Command.RECEIPT);
        // Node b subscribes in Redis asynchronously: probe a topic it hears only once that is done.
        Frame probe = await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            brokers.get(0).publish("/topic/room", "probe").join();
            return witness.nextFrame();
        }, frame -> frame != null);
        assertThat(probe.bodyAsString()).isEqualTo("probe");
        String token = detachedInRoom().token();
        AtomicInteger published = new AtomicInteger();
        AtomicInteger last = new AtomicInteger(20_000);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < last.get(); i++) {
                brokers.get(0).publish("/topic/room", "m" + i).join();
                assertThat(witness.awaitFrame(WAIT)).isNotNull();
                published.incrementAndGet();
            }
        });
        publisher.start();
        await().atMost(WAIT).until(() -> published.get() >= 50);
        InMemoryConnection back = connect(brokers.get(1), "alice", token);
        Frame connected = next(back);
        last.set(published.get() + 50);
        publisher.join(WAIT.toMillis());
        int count = published.get();

        assertThat(connected.header("x-resumed")).isEqualTo("true");
        assertThat(connected.header("x-resume-missed")).isNull();
        assertThat(count).as("the session moved while messages were published").isLessThan(20_000);
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < count) {
            Frame message = next(back);
            assertThat(message).as("message %d", bodies.size()).isNotNull();
            assertThat(message.header("subscription")).isEqualTo("room");
            bodies.add(message.bodyAsString());
        }
        assertThat(bodies).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "m" + i).toList());
        assertThat(back.nextFrame()).as("no copy of any").isNull();
    }

    @Test
    void aTokenUsedOnTwoNodesAtOnceResumesOneSession() {
        cluster();
        for (int round = 0; round < 10; round++) {
            String token = detachedInRoom().token();

            InMemoryConnection here = InMemoryConnection.open(brokers.get(0), clock, Executors.newSingleThreadExecutor());
            InMemoryConnection there = InMemoryConnection.open(brokers.get(1), clock, Executors.newSingleThreadExecutor());
            Frame connect = Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost",
                    "login", "alice", "x-resume-token", token));
            here.send(connect);
            there.send(connect);

            List<String> resumed = List.of(next(here).header("x-resumed"), next(there).header("x-resumed"));
            assertThat(resumed).as("round %d", round).containsExactlyInAnyOrder("true", "false");
            // Ended for good, so that no record of theirs comes to be among those of the next round.
            here.send(Command.DISCONNECT, "receipt", "bye");
            there.send(Command.DISCONNECT, "receipt", "bye");
            assertThat(next(here).header("receipt-id")).isEqualTo("bye");
            assertThat(next(there).header("receipt-id")).isEqualTo("bye");
        }
    }

    @Test
    void aSessionOfTheHoldersLastStartComesBackFromItsRecordAlone() {
        cluster();
        Kept kept = detachedInRoom();
        // As if node a had restarted since it recorded the session: its record names an older start.
        SessionRecord record = SessionRecords.decode(redis().get(kept.recordKey())).record();
        redis().set(kept.recordKey(), SessionRecords.encode("a", "an-earlier-start", record));

        InMemoryConnection back = connect(brokers.get(1), "alice", kept.token());
        Frame connected = next(back);

        assertThat(connected.header("x-resumed")).isEqualTo("true");
        assertThat(connected.header("x-resume-missed")).isEqualTo("unknown");
        back.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room", "receipt", "again");
        assertThat(next(back).header("receipt-id")).isEqualTo("again");
        brokers.get(0).publish("/topic/room", "live").join();
        assertThat(next(back).bodyAsString()).isEqualTo("live");
    }
}
