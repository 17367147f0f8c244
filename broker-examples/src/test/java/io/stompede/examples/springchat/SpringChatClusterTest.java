package io.stompede.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.cluster.redis.RedisServer;
import io.stompede.examples.springchat.ChatClients.Inbox;
import io.stompede.examples.springchat.ChatClients.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/** Two instances of the Spring chat on one real Redis, each with its own journal, as spring-chat-cluster.sh runs them. */
@DisplayName("Two Spring chats on one Redis")
class SpringChatClusterTest {
    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static SpringChat one;
    private static SpringChat two;

    @BeforeAll
    static void start() {
        redis = RedisServer.start(dir);
        one = SpringChat.start(dir.resolve("journal-1"), Map.of("stompede.cluster.redis", redis.uri(),
                "stompede.cluster.node-id", "chat-1"));
        two = SpringChat.start(dir.resolve("journal-2"), Map.of("stompede.cluster.redis", redis.uri(),
                "stompede.cluster.node-id", "chat-2"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (SpringChat chat : new SpringChat[] {two, one}) {
            if (chat != null) {
                chat.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @DisplayName("a room created on one instance is listed on the other, and its messages reach members on both")
    void roomsAndTheirMessagesAreShared() throws Exception {
        try (ChatClients clients = new ChatClients()) {
            StompSession alice = clients.signIn(one.endpoint(), "alice");
            long room = SpringChatTest.createRoom(alice, "Shared");
            Inbox alices = ChatClients.subscribe(alice, "/subscribe/chat/room/" + room);

            StompSession bob = clients.signIn(two.endpoint(), "bob");
            StompHeaders list = new StompHeaders();
            list.setDestination("/subscribe/chat/rooms");
            list.set("x-history", "1000");
            Received announced = ChatClients.subscribe(bob, list).next();
            assertThat(announced.json().get("name").asText()).isEqualTo("Shared");
            assertThat(announced.json().get("createdBy").asText()).isEqualTo("alice");
            Inbox bobs = ChatClients.subscribe(bob, "/subscribe/chat/room/" + room);

            // Instance two knows the room, and alice's subscription on one, a moment after the
            // announcement and the RECEIPT: bob says it again until alice hears it.
            AtomicReference<Received> heard = new AtomicReference<>();
            await().atMost(ChatClients.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                SpringChatTest.say(bob, room, "hello from two");
                heard.compareAndSet(null, alices.poll());
                return heard.get() != null;
            });
            assertThat(heard.get().json().get("writer").asText()).isEqualTo("bob");
            assertThat(heard.get().json().get("message").asText()).isEqualTo("hello from two");

            SpringChatTest.say(alice, room, "hello from one");
            await().atMost(ChatClients.WAIT).until(() -> {
                Received next = bobs.poll();
                return next != null && next.json().get("message").asText().equals("hello from one");
            });
        }
    }
}
