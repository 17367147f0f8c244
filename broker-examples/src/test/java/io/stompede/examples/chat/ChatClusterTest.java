package io.stompede.examples.chat;

import static io.stompede.examples.chat.ChatServerTest.nextOfType;
import static io.stompede.examples.chat.TestChat.connect;
import static io.stompede.examples.chat.TestChat.createRoom;
import static io.stompede.examples.chat.TestChat.json;
import static io.stompede.examples.chat.TestChat.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.cluster.redis.RedisServer;
import io.stompede.examples.SocketClient;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of the chat on one real Redis, one data directory and one users file: one chat. */
class ChatClusterTest {
    private static final String ROOM_1 = "/subscribe/chat/room/1";

    @Test
    @Timeout(90)
    void messagesRoomsAndPresenceAreSharedThroughRedis(@TempDir Path dir) throws Exception {
        TestChat.users(dir, "alice", "bob", "carol");
        try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
             ChatServer one = TestChat.server(dir).cluster(redis.uri(), "chat-1").start();
             ChatServer two = TestChat.server(dir).cluster(redis.uri(), "chat-2").start();
             SocketClient bob = connect(one, "bob");
             SocketClient alice = connect(two, "alice")) {
            createRoom(bob, "Lobby");
            alice.subscribe(ROOM_1, "a");
            bob.subscribe(ROOM_1, "b");

            // Each instance subscribes in Redis asynchronously and pub/sub is at most once: say it until it arrives.
            AtomicInteger said = new AtomicInteger();
            JsonNode across = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                say(bob, 1, "hi across " + said.incrementAndGet());
                return unreadEvents(alice, 1).stream()
                        .filter(event -> event.get("type").asText().equals("MESSAGE")).findFirst().orElse(null);
            }, Objects::nonNull);
            assertThat(across.get("writer").asText()).isEqualTo("bob");
            assertThat(across.get("message").asText()).startsWith("hi across");

            awaitMembers(bob, "alice", "bob");
            awaitMembers(alice, "alice", "bob");

            try (SocketClient carol = connect(two, "carol")) {
                carol.subscribe(ChatDestinations.ROOMS, "rooms", 1000);
                assertThat(json(carol.readMessage()).get("name").asText())
                        .as("the room bob created on instance 1 is in the list on instance 2").isEqualTo("Lobby");
            }

            bob.close();
            JsonNode left = nextOfType(alice, "LEAVE");
            assertThat(left.get("writer").asText()).isEqualTo("bob");
            assertThat(left.get("members")).extracting(JsonNode::asText).containsExactly("alice");
        }
    }

    /** Asks who is in room 1 until the answer is {@code expected}. */
    private static void awaitMembers(SocketClient client, String... expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unreadEvents(client, 1).stream()
                .filter(event -> event.get("type").asText().equals("MEMBERS"))
                .anyMatch(event -> membersOf(event).equals(List.of(expected))));
    }

    /**
     * Asks who is in {@code room}, and returns every event read meanwhile, the answer included:
     * what reached the client before the answer to a frame of its own.
     */
    private static List<JsonNode> unreadEvents(SocketClient client, long room) throws IOException {
        client.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", ChatDestinations.PUBLISH_MEMBERS),
                "{\"chatRoomId\":" + room + "}"));
        List<JsonNode> events = new ArrayList<>();
        while (client.hasUnread()) {
            events.add(json(client.readMessage()));
        }
        return events;
    }

    private static List<String> membersOf(JsonNode event) {
        List<String> members = new ArrayList<>();
        event.get("members").forEach(member -> members.add(member.asText()));
        return members;
    }
}
