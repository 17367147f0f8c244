package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Durable subscriptions kept in Redis for three nodes: a subscriber that leaves one node and
 * comes back on another finds its backlog there, whatever node the messages were published on.
 */
@Timeout(60)
class DurableSubscriptionsAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final VirtualClock clock = new VirtualClock();
    private final List<Broker> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(Broker::close);
    }

    private void cluster() {
        String name = "d" + System.nanoTime();
        for (String id : List.of("a", "b", "c")) {
            // The default node timeout: nothing here needs a node declared gone. A new binding is
            // receipted once every live node holds it or that timeout passed, and under load a 1 s one
            // passed first, so that a message published on another node missed the backlog.
            nodes.add(Broker.builder().clusterBus(RedisClusterBus.builder(REDIS.server().uri()).nodeId(id)
                    .clusterName(name).build()).build());
        }
    }

    /** A client of {@code node} that calls itself {@code clientId}, durably subscribed as {@code s1} to {@code topic}. */
    private InMemoryConnection durable(Broker node, String clientId, String topic) {
        InMemoryConnection client = InMemoryConnection.open(node, clock);
        assertThat(client.connect(Headers.of("client-id", clientId)).command()).isEqualTo(Command.CONNECTED);
        client.send(Command.SUBSCRIBE, "id", "d", "destination", topic, "durable-subscription-name", "s1",
                "receipt", "subscribed");
        return client;
    }

    private static List<String> bodies(InMemoryConnection client, int count) {
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < count) {
            Frame frame = client.awaitFrame(WAIT);
            assertThat(frame.command()).as(frame.toString()).isEqualTo(Command.MESSAGE);
            bodies.add(frame.bodyAsString());
        }
        return bodies;
    }

    @Test
    void aSubscriberThatLeavesOneNodeFindsItsBacklogOnAnotherThenLiveMessages() {
        cluster();
        InMemoryConnection onA = durable(nodes.get(0), "phone", "/topic/chat.room-5");
        assertThat(onA.awaitFrame(WAIT).header("receipt-id")).isEqualTo("subscribed");
        onA.send(Command.DISCONNECT);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add("while-away-" + i);
            // The stage completes once every durable subscription's backlog holds the message.
            nodes.get(i % 2 == 0 ? 1 : 2).publish("/topic/chat.room-5", "while-away-" + i).join();
        }
        nodes.get(1).publish("/topic/chat.room-6", "other room").join();

        InMemoryConnection onC = durable(nodes.get(2), "phone", "/topic/chat.room-5");
        List<String> backlog = new ArrayList<>();
        for (Frame frame = onC.awaitFrame(WAIT); backlog.size() < sent.size(); frame = onC.awaitFrame(WAIT)) {
            if (frame.command() == Command.MESSAGE) {
                assertThat(frame.header("destination")).isEqualTo("/topic/chat.room-5");
                backlog.add(frame.bodyAsString());
            }
        }
        assertThat(backlog).containsExactlyElementsOf(sent);

        nodes.get(0).publish("/topic/chat.room-5", "live").join();
        assertThat(bodies(onC, 1)).containsExactly("live");
    }

    @Test
    void aDurableSubscriptionMadeOnOneNodeCannotBeTakenForAnotherTopicOnAnother() {
        cluster();
        InMemoryConnection onA = durable(nodes.get(0), "tablet", "/topic/news");
        assertThat(onA.awaitFrame(WAIT).header("receipt-id")).isEqualTo("subscribed");

        InMemoryConnection onB = durable(nodes.get(1), "tablet", "/topic/sport");

        Frame refused = onB.awaitFrame(WAIT);
        assertThat(refused.command()).isEqualTo(Command.ERROR);
        assertThat(refused.header("message")).isEqualTo("durable subscription in use");
    }
}
