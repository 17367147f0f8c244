package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @AfterEach
    void stopNodes() {
        brokers.forEach(Broker::close);
    }

    private void cluster() {
        String name = "c" + System.nanoTime();
        for (String id : List.of("a", "b")) {
            RedisClusterBus bus = RedisClusterBus.builder(REDIS.server().uri()).nodeId(id).clusterName(name).build();
            buses.add(bus);
            brokers.add(Broker.builder().clusterBus(bus).build());
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

    @Test
    void aSessionDetachedOnOneNodeResumesOnTheOtherWithWhatItKept() {
        cluster();
        InMemoryConnection alice = connect(brokers.get(0), "alice", null);
        String token = next(alice).header("x-resume-token");
        alice.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room", "receipt", "s");
        assertThat(next(alice).command()).isEqualTo(Command.RECEIPT);
        alice.disconnectAbruptly();
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
        // Node b subscribes in Redis asynchronously: publish on node a until one arrives.
        Frame live = await().atMost(WAIT).until(() -> {
            brokers.get(0).publish("/topic/room", "live").join();
            return back.nextFrame();
        }, frame -> frame != null);
        assertThat(live.bodyAsString()).isEqualTo("live");
        assertThat(live.header("subscription")).isEqualTo("room");

        InMemoryConnection again = connect(brokers.get(0), "alice", token);
        assertThat(next(again).header("x-resume-refused")).isEqualTo("unknown");
    }
}
