package io.stompede.examples.chat;

import static io.stompede.examples.chat.TestChat.connect;
import static io.stompede.examples.chat.TestChat.createRoom;
import static io.stompede.examples.chat.TestChat.json;
import static io.stompede.examples.chat.TestChat.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.examples.SocketClient;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chat over plain STOMP sockets: the story's destinations and JSON, the writer, presence, refusals. */
@Timeout(30)
class ChatServerTest {
    private static final String ROOM_1 = "/subscribe/chat/room/1";

    @TempDir
    Path dir;
    private ChatServer chat;

    @BeforeEach
    void start() throws Exception {
        TestChat.users(dir, "alice", "bob", "carol");
        chat = TestChat.server(dir).start();
        try (SocketClient alice = connect(chat, "alice")) {
            createRoom(alice, "Lobby");
        }
    }

    @AfterEach
    void stop() {
        chat.close();
    }

    @Test
    void aMessageReachesEveryMemberOfItsRoomWrittenByItsAuthenticatedSender() throws Exception {
        try (SocketClient alice = connect(chat, "alice");
             SocketClient bob = connect(chat, "bob");
             SocketClient elsewhere = connect(chat, "carol")) {
            createRoom(elsewhere, "Kitchen");
            elsewhere.subscribe("/subscribe/chat/room/2", "k");
            nextOfType(elsewhere, "ENTER");
            alice.subscribe(ROOM_1, "a");
            bob.subscribe(ROOM_1, "b");

            say(bob, 1, "hi all");

            for (SocketClient member : List.of(alice, bob)) {
                JsonNode message = nextOfType(member, "MESSAGE");
                assertThat(message.get("chatRoomId").asLong()).isEqualTo(1);
                assertThat(message.get("writer").asText()).isEqualTo("bob");
                assertThat(message.get("message").asText()).isEqualTo("hi all");
                assertThat(message.get("id").asText()).isNotBlank();
                assertThat(message.get("sentAt").asText()).endsWith("Z");
            }
            // Bob's message was delivered before his receipt; room 2's next event is the answer to this.
            elsewhere.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", ChatDestinations.PUBLISH_MEMBERS),
                    "{\"chatRoomId\":2}"));
            assertThat(json(elsewhere.readMessage()).get("type").asText()).as("room 2 hears nothing of room 1")
                    .isEqualTo("MEMBERS");
        }
    }

    @Test
    void aForgedWriterIsReplacedByTheSendersPrincipal() throws Exception {
        try (SocketClient alice = connect(chat, "alice");
             SocketClient bob = connect(chat, "bob")) {
            alice.subscribe(ROOM_1, "a");

            bob.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", "/publish/chat"),
                    "{\"chatRoomId\":1,\"type\":\"MESSAGE\",\"writer\":\"alice\",\"message\":\"I am alice\"}"));

            JsonNode message = nextOfType(alice, "MESSAGE");
            assertThat(message.get("writer").asText()).isEqualTo("bob");
            assertThat(message.get("message").asText()).isEqualTo("I am alice");
        }
    }

    @Test
    void aSendStraightToARoomIsRefusedAndReachesNobody() throws Exception {
        try (SocketClient alice = connect(chat, "alice");
             SocketClient bob = connect(chat, "bob")) {
            alice.subscribe(ROOM_1, "a");
            nextOfType(alice, "ENTER");

            bob.send(Frame.of(Command.SEND, Headers.of("destination", ROOM_1, "receipt", "r"),
                    "{\"chatRoomId\":1,\"type\":\"MESSAGE\",\"writer\":\"alice\",\"message\":\"forged\"}"));

            Frame error = bob.read();
            assertThat(error.command()).isEqualTo(Command.ERROR);
            assertThat(error.header("message")).isEqualTo("access denied");
            say(alice, 1, "after");
            assertThat(nextOfType(alice, "MESSAGE").get("message").asText()).isEqualTo("after");
        }
    }

    @Test
    void noClientMaySubscribeToThePresenceTopicNorToEveryRoom() throws Exception {
        for (String destination : List.of(ChatDestinations.PRESENCE, "/subscribe/chat/room/*", "/subscribe/chat/**")) {
            try (SocketClient bob = connect(chat, "bob")) {
                bob.send(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", "x")));
                assertThat(bob.read().header("message")).as(destination).isEqualTo("access denied");
            }
        }
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of("not json", "expected a JSON object"),
                Arguments.of("{\"chatRoomId\":9,\"type\":\"MESSAGE\",\"message\":\"hi\"}", "there is no room 9"),
                Arguments.of("{\"chatRoomId\":\"one\",\"type\":\"MESSAGE\",\"message\":\"hi\"}",
                        "\"chatRoomId\" is a room's number"),
                Arguments.of("{\"chatRoomId\":1,\"type\":\"ENTER\"}", "a client sends type MESSAGE"),
                Arguments.of("{\"chatRoomId\":1,\"type\":\"MESSAGE\",\"message\":\" \"}",
                        "a chat message needs a \"message\" text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void aBadChatMessageIsRefusedWithAClearErrorAndTheOthersGoOn(String body, String reason) throws Exception {
        try (SocketClient alice = connect(chat, "alice");
             SocketClient bob = connect(chat, "bob")) {
            alice.subscribe(ROOM_1, "a");
            nextOfType(alice, "ENTER");

            bob.send(Frame.of(Command.SEND, Headers.of("destination", "/publish/chat", "receipt", "r"), body));

            Frame error = bob.read();
            assertThat(error.command()).isEqualTo(Command.ERROR);
            assertThat(error.header("message")).startsWith(reason);
            assertThat(error.header("receipt-id")).isEqualTo("r");
            say(alice, 1, "still here");
            assertThat(nextOfType(alice, "MESSAGE").get("message").asText()).isEqualTo("still here");
        }
    }

    @Test
    void aTooLongMessageIsRefused() throws Exception {
        try (SocketClient bob = connect(chat, "bob")) {
            bob.send(Frame.of(Command.SEND, Headers.of("destination", "/publish/chat"),
                    "{\"chatRoomId\":1,\"type\":\"MESSAGE\",\"message\":\"" + "x".repeat(ChatJson.MAX_MESSAGE_LENGTH + 1)
                            + "\"}"));
            assertThat(bob.read().header("message")).isEqualTo("a chat message is at most 1000 characters");
        }
    }

    @Test
    void aNewcomerGetsTheRoomsRecentHistoryFirst() throws Exception {
        try (SocketClient alice = connect(chat, "alice")) {
            say(alice, 1, "one");
            say(alice, 1, "two");
        }
        try (SocketClient bob = connect(chat, "bob")) {
            bob.subscribe(ROOM_1, "b", 10);

            Frame first = bob.readMessage();
            assertThat(first.header("x-history")).isEqualTo("true");
            assertThat(json(first).get("message").asText()).isEqualTo("one");
            assertThat(json(bob.readMessage()).get("message").asText()).isEqualTo("two");
        }
    }

    @Test
    void theRoomListIsRetainedAndARoomNameIsUnique() throws Exception {
        try (SocketClient bob = connect(chat, "bob")) {
            createRoom(bob, "Kitchen");
            bob.subscribe(ChatDestinations.ROOMS, "rooms", 1000);
            assertThat(json(bob.readMessage()).get("name").asText()).isEqualTo("Lobby");
            JsonNode kitchen = json(bob.readMessage());
            assertThat(kitchen.get("chatRoomId").asLong()).isEqualTo(2);
            assertThat(kitchen.get("createdBy").asText()).isEqualTo("bob");

            bob.send(Frame.of(Command.SEND, Headers.of("destination", ChatDestinations.PUBLISH_ROOMS),
                    "{\"name\":\"lobby\"}"));
            assertThat(bob.read().header("message")).isEqualTo("there is a room called lobby already");
        }
    }

    @Test
    void presenceFollowsSubscriptionsAndADroppedSocketLeaves() throws Exception {
        try (SocketClient alice = connect(chat, "alice")) {
            alice.subscribe(ROOM_1, "a");
            assertEvent(nextOfType(alice, "ENTER"), "alice", "alice");

            SocketClient bob = connect(chat, "bob");
            bob.subscribe(ROOM_1, "b");
            assertEvent(nextOfType(alice, "ENTER"), "bob", "alice", "bob");

            // A second tab of bob's is no news; closing one of his two tabs is none either.
            SocketClient bobAgain = connect(chat, "bob");
            bobAgain.subscribe(ROOM_1, "b2");
            bobAgain.close();
            // Bob's first socket dropped without DISCONNECT nor UNSUBSCRIBE, as a closed tab does.
            bob.close();

            assertEvent(nextOfType(alice, "LEAVE"), "bob", "alice");
        }
    }

    @Test
    void aClientAsksWhoIsInARoomAndIsToldAlone() throws Exception {
        try (SocketClient alice = connect(chat, "alice");
             SocketClient bob = connect(chat, "bob")) {
            alice.subscribe(ROOM_1, "a");
            nextOfType(alice, "ENTER");
            bob.subscribe(ROOM_1, "b");
            nextOfType(alice, "ENTER");
            nextOfType(bob, "ENTER");

            bob.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", ChatDestinations.PUBLISH_MEMBERS),
                    "{\"chatRoomId\":1}"));

            JsonNode members = nextOfType(bob, "MEMBERS");
            assertThat(members.get("members")).extracting(JsonNode::asText).containsExactly("alice", "bob");
            // The answer went out before bob's marker, on the same room: had alice been sent it, it
            // would reach her before the marker. Her next event is the marker.
            say(bob, 1, "marker");
            JsonNode next = json(alice.readMessage());
            assertThat(next.get("type").asText()).as("alice heard nothing of bob's question").isEqualTo("MESSAGE");
            assertThat(next.get("message").asText()).isEqualTo("marker");
            assertThat(nextOfType(bob, "MESSAGE").get("message").asText()).isEqualTo("marker");
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        try (SocketClient mallory = SocketClient.open(chat.tcpPort(), "alice", "not-her-password")) {
            Frame error = mallory.read();
            assertThat(error.command()).isEqualTo(Command.ERROR);
            assertThat(error.header("message")).isEqualTo("authentication failed");
        }
    }

    /** The next event of {@code type}, skipping others (such as presence while a test sets up). */
    static JsonNode nextOfType(SocketClient client, String type) throws IOException {
        while (true) {
            JsonNode event = json(client.readMessage());
            if (event.get("type").asText().equals(type)) {
                return event;
            }
        }
    }

    private static void assertEvent(JsonNode event, String writer, String... members) {
        assertThat(event.get("writer").asText()).isEqualTo(writer);
        assertThat(event.get("members")).extracting(JsonNode::asText).containsExactly(members);
    }
}
