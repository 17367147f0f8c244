package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.stompede.Broker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes that find Redis through Sentinels ({@code redis-sentinel://...#mymaster}) share a topic
 * and a queue, and share them again once the Sentinels have failed the master over to its
 * replica: Lettuce asks the Sentinels for the master's address at each reconnect.
 */
@Timeout(120)
class SentinelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    // Down after 1 s, then an election and a promotion; then Lettuce's reconnect backoff.
    private static final Duration FAILOVER = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private RedisSentinels sentinels;
    private final List<Broker> brokers = new ArrayList<>();
    private final List<RedisClusterBus> buses = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    @AfterEach
    void stopAll() throws InterruptedException {
        brokers.forEach(Broker::close);
        if (sentinels != null) {
            sentinels.close();
        }
    }

    private Broker node(String id, String clusterName) {
        RedisClusterBus bus = RedisClusterBus.builder(sentinels.uri()).nodeId(id).clusterName(clusterName)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
        buses.add(bus);
        Broker broker = Broker.builder().clusterBus(bus).build();
        brokers.add(broker);
        return broker;
    }

    /**
     * Publishes {@code prefix-N} on {@code from} until one reaches {@code received}: topic delivery
     * across nodes is at most once, and a subscription's SUBSCRIBE, or a reconnect, may not have
     * reached Redis yet.
     */
    private void publishUntilReceived(Broker from, String destination, String prefix, List<String> received,
                                      Duration atMost) {
        await(prefix + " on " + destination).atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (received.stream().anyMatch(body -> body.startsWith(prefix + "-"))) {
                return true;
            }
            from.publish(destination, prefix + "-" + sequence.incrementAndGet());
            return false;
        });
    }

    /**
     * Publishes {@code body} to a shared queue on {@code from}, again while Redis refuses it (as it
     * does while this node reconnects), until Redis holds it.
     */
    private static void enqueue(Broker from, String queue, String body, Duration atMost) {
        await("XADD of " + body).atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .untilAsserted(() -> from.publish(queue, body).join());
    }

    @Test
    void topicsAndQueuesWorkThroughTheSentinelsAndAgainAfterTheMasterFailsOver() throws InterruptedException {
        sentinels = RedisSentinels.start(dir, 3);
        String cluster = "s" + System.nanoTime();
        Broker a = node("a", cluster);
        Broker b = node("b", cluster);
        List<String> topicAtA = new CopyOnWriteArrayList<>();
        List<String> topicAtB = new CopyOnWriteArrayList<>();
        a.subscribe("/topic/news", message -> topicAtA.add(message.bodyAsString()));
        b.subscribe("/topic/news", message -> topicAtB.add(message.bodyAsString()));
        List<String> queueAtA = new CopyOnWriteArrayList<>();
        List<String> queueAtB = new CopyOnWriteArrayList<>();
        a.subscribe("/queue/jobs", message -> queueAtA.add(message.bodyAsString()));
        b.subscribe("/queue/jobs", message -> queueAtB.add(message.bodyAsString()));

        // Before: both nodes reached the master through the Sentinels.
        publishUntilReceived(a, "/topic/news", "before-a", topicAtB, WAIT);
        publishUntilReceived(b, "/topic/news", "before-b", topicAtA, WAIT);
        enqueue(a, "/queue/jobs", "job-before", WAIT);
        await().atMost(WAIT).until(() -> queueAtA.contains("job-before") || queueAtB.contains("job-before"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(buses.get(0).nodes().join()).contains("a", "b"));

        // A queue message nobody consumes yet, which the replica holds before the master dies: WAIT
        // on a write made after its XADD (replication keeps the master's order). Without that
        // wait a message whose XADD Redis answered may still be lost: replication is asynchronous,
        // and what the master had not sent its replica is gone with it.
        enqueue(a, "/queue/held", "held-before", WAIT);
        RedisClient raw = RedisClient.create("redis://127.0.0.1:" + sentinels.masterPort());
        try (StatefulRedisConnection<String, String> master = raw.connect()) {
            master.sync().set(cluster + ":replicated", "yes");
            assertThat(master.sync().waitForReplication(1, 5000)).isEqualTo(1);
        } finally {
            raw.shutdown();
        }

        long[] disconnects = buses.stream().mapToLong(bus -> bus.stats().disconnects()).toArray();
        sentinels.killMaster();
        await().atMost(WAIT).until(() -> buses.get(0).stats().disconnects() > disconnects[0]
                && buses.get(1).stats().disconnects() > disconnects[1]);
        sentinels.awaitFailover(FAILOVER);

        // After: Lettuce found the new master through the Sentinels, on every connection of both nodes.
        publishUntilReceived(a, "/topic/news", "after-a", topicAtB, FAILOVER);
        publishUntilReceived(b, "/topic/news", "after-b", topicAtA, FAILOVER);
        enqueue(a, "/queue/jobs", "job-after-a", FAILOVER);
        enqueue(b, "/queue/jobs", "job-after-b", FAILOVER);
        // Only that these arrive: job-before may come again, if its XACK had not reached the replica
        // when the master died (shared queues are at least once).
        await().atMost(FAILOVER).untilAsserted(() -> {
            List<String> consumed = new ArrayList<>(queueAtA);
            consumed.addAll(queueAtB);
            assertThat(consumed).contains("job-after-a", "job-after-b");
        });
        List<String> held = new CopyOnWriteArrayList<>();
        b.subscribe("/queue/held", message -> held.add(message.bodyAsString()));
        await().atMost(FAILOVER).until(() -> held.contains("held-before"));
        assertThat(held).containsExactly("held-before");
        await().atMost(FAILOVER).untilAsserted(() -> assertThat(buses.get(1).nodes().join()).contains("a", "b"));

        // And the cluster's keys are on the replica, promoted, which the nodes only ever knew through the Sentinels.
        RedisClient promoted = RedisClient.create(sentinels.replicaUri());
        try (StatefulRedisConnection<String, String> connection = promoted.connect()) {
            assertThat(connection.sync().role().get(0)).isEqualTo("master");
            assertThat(connection.sync().exists(cluster + ":nodes")).isEqualTo(1);
        } finally {
            promoted.shutdown();
        }
    }
}
