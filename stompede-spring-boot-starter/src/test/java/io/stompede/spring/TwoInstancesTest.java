package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.cluster.redis.RedisServer;
import io.stompede.spring.Clients.Inbox;
import io.stompede.spring.Clients.Receipts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Two instances of the application on one real Redis ({@code stompede.cluster.redis}), as behind a
 * load balancer: a client of either sees the rooms and queues of both.
 */
@DisplayName("Two application instances on one Redis")
class TwoInstancesTest {
    @TempDir
    static Path redisDir;
    private static RedisServer redis;
    private static Instance one;
    private static Instance two;

    @BeforeAll
    static void start() {
        redis = RedisServer.start(redisDir);
        one = Instance.start(Map.of("stompede.cluster.redis", redis.uri(), "stompede.cluster.node-id", "one"));
        two = Instance.start(Map.of("stompede.cluster.redis", redis.uri(), "stompede.cluster.node-id", "two"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @DisplayName("a controller's room broadcast on one instance reaches the room's subscriber on the other")
    void roomsAreShared() throws Exception {
        try (Clients clients = new Clients()) {
            Inbox alice = Clients.subscribe(clients.connect(one.url("alice")), "/topic/rooms.7");
            StompSession bob = clients.connect(two.url("bob"));
            AtomicReference<Clients.Received> arrived = new AtomicReference<>();
            // The subscription's interest reaches the other instance through Redis a moment after its
            // RECEIPT: bob says it again until alice hears it.
            await().atMost(Clients.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                bob.send("/app/rooms/7", "hello from two");
                arrived.compareAndSet(null, alice.poll());
                return arrived.get() != null;
            });
            assertThat(arrived.get().text()).isEqualTo("hello from two");
            assertThat(arrived.get().headers().getDestination()).isEqualTo("/topic/rooms.7");
        }
    }

    @Test
    @DisplayName("a queue message sent to one instance is delivered to the queue's consumer on the other")
    void queuesAreShared() throws Exception {
        try (Clients clients = new Clients()) {
            Inbox worker = Clients.subscribe(clients.connect(two.url("worker")), "/queue/shared.jobs");
            Receipts sent = new Receipts();
            clients.connect(one.url("boss")).send("/queue/shared.jobs", "job from one").addReceiptTask(sent::received);
            sent.await();
            assertThat(worker.nextText()).isEqualTo("job from one");
        }
    }
}
