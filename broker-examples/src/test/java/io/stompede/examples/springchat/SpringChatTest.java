package io.stompede.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.examples.springchat.ChatClients.Errors;
import io.stompede.examples.springchat.ChatClients.Inbox;
import io.stompede.examples.springchat.ChatClients.Received;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/** The Spring chat through its own endpoint, with Spring's {@code WebSocketStompClient}, as the page uses it. */
@DisplayName("The Spring Boot chat")
class SpringChatTest {
    @TempDir
    static Path dir;
    private static SpringChat chat;
    private ChatClients clients;

    @BeforeAll
    static void start() {
        chat = SpringChat.start(dir.resolve("journal"));
    }

    @AfterAll
    static void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    @BeforeEach
    void open() {
        clients = new ChatClients();
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    @DisplayName("a message to /publish/chat reaches every member of its room, written by the signed-in user whatever the body claims")
    void aMessageReachesEveryMemberWithTheAuthenticatedWriter() throws Exception {
        StompSession alice = clients.signIn(chat.endpoint(), "alice");
        StompSession bob = clients.signIn(chat.endpoint(), "bob");
        long room = createRoom(alice, "Lobby");
        Inbox alices = ChatClients.subscribe(alice, "/subscribe/chat/room/" + room);
        Inbox bobs = ChatClients.subscribe(bob, "/subscribe/chat/room/" + room);

        ChatClients.send(alice, "/publish/chat", "{\"chatRoomId\":" + room
                + ",\"type\":\"MESSAGE\",\"message\":\" hi bob \",\"writer\":\"mallory\",\"id\":\"mine\"}");

        for (Inbox member : new Inbox[] {alices, bobs}) {
            Received event = member.next();
            assertThat(event.headers().getDestination()).isEqualTo("/subscribe/chat/room/" + room);
            assertThat(event.json().get("writer").asText()).isEqualTo("alice");
            assertThat(event.json().get("message").asText()).isEqualTo("hi bob");
            assertThat(event.json().get("chatRoomId").asLong()).isEqualTo(room);
            assertThat(event.json().get("type").asText()).isEqualTo("MESSAGE");
            assertThat(event.json().get("id").asText()).isNotEqualTo("mine");
            assertThat(event.json().get("sentAt").asText()).endsWith("Z");
            assertThat(event.json().has("members")).as("no empty fields on the wire").isFalse();
        }
    }

    @Test
    @DisplayName("presence: who enters and leaves a room is told to its members with the member list, and /publish/chat/members answers who is there")
    void membersAreToldWhoEntersAndLeaves() throws Exception {
        StompSession alice = clients.signIn(chat.endpoint(), "alice");
        long room = createRoom(alice, "Presence");
        Inbox alices = ChatClients.subscribe(alice, "/subscribe/chat/room/" + room);
        assertThat(members(alices.nextPresence(), "ENTER", "alice")).containsExactly("alice");

        StompSession bob = clients.signIn(chat.endpoint(), "bob");
        ChatClients.subscribe(bob, "/subscribe/chat/room/" + room);
        assertThat(members(alices.nextPresence(), "ENTER", "bob")).containsExactlyInAnyOrder("alice", "bob");

        ChatClients.send(alice, "/publish/chat/members", "{\"chatRoomId\":" + room + "}");
        assertThat(members(alices.nextPresence(), "MEMBERS", null)).containsExactlyInAnyOrder("alice", "bob");

        bob.disconnect();
        assertThat(members(alices.nextPresence(), "LEAVE", "bob")).as("a second after bob's session ended")
                .containsExactly("alice");
    }

    /** The member list of presence event {@code event}, checked to be of {@code type} and by {@code writer}. */
    private static List<String> members(Received event, String type, String writer) {
        assertThat(event.json().get("type").asText()).isEqualTo(type);
        if (writer != null) {
            assertThat(event.json().get("writer").asText()).isEqualTo(writer);
        }
        List<String> members = new ArrayList<>();
        event.json().get("members").forEach(member -> members.add(member.asText()));
        return members;
    }

    @Test
    @DisplayName("a newcomer subscribing with x-history gets the room's earlier messages first")
    void aNewcomerGetsTheRoomsHistory() throws Exception {
        StompSession alice = clients.signIn(chat.endpoint(), "alice");
        long room = createRoom(alice, "History");
        Inbox alices = ChatClients.subscribe(alice, "/subscribe/chat/room/" + room);
        say(alice, room, "first");
        alices.next();

        StompHeaders withHistory = new StompHeaders();
        withHistory.setDestination("/subscribe/chat/room/" + room);
        withHistory.set("x-history", "300");
        Received earlier = ChatClients.subscribe(clients.signIn(chat.endpoint(), "carol"), withHistory).next();

        assertThat(earlier.json().get("message").asText()).isEqualTo("first");
        assertThat(earlier.headers().getFirst("x-history")).isEqualTo("true");
    }

    @Test
    @DisplayName("bad JSON, an unknown room, a message too long and a taken room name are each told to the sender on /user/queue/errors, and it stays connected")
    void badMessagesGetAnErrorTheSenderSees() throws Exception {
        StompSession alice = clients.signIn(chat.endpoint(), "alice");
        Inbox errors = ChatClients.subscribe(alice, "/user/queue/errors");
        long room = createRoom(alice, "Errors");

        ChatClients.send(alice, "/publish/chat", "hi there");
        assertThat(error(errors)).startsWith("expected a JSON object such as {\"chatRoomId\":5");
        say(alice, 999_999, "anyone?");
        assertThat(error(errors)).isEqualTo("there is no room 999999");
        say(alice, room, "x".repeat(1001));
        assertThat(error(errors)).isEqualTo("a chat message is at most 1000 characters");
        ChatClients.send(alice, "/publish/chat", "{\"chatRoomId\":" + room + ",\"type\":\"ENTER\",\"message\":\"hi\"}");
        assertThat(error(errors)).isEqualTo("a client sends type MESSAGE; ENTER and LEAVE are the server's");
        ChatClients.send(alice, "/publish/chat/rooms", "{\"name\":\"errors\"}");
        assertThat(error(errors)).isEqualTo("there is a room called errors already");

        Inbox members = ChatClients.subscribe(alice, "/subscribe/chat/room/" + room);
        say(alice, room, "still here");
        assertThat(members.next().json().get("message").asText()).isEqualTo("still here");
    }

    @Test
    @DisplayName("a wrong password, or no login at all, is refused with the ERROR the page shows as a wrong name or password")
    void aWrongPasswordIsRefused() throws Exception {
        StompHeaders wrong = new StompHeaders();
        wrong.setLogin("alice");
        wrong.setPasscode("bob-secret");
        assertThat(clients.refusedSignIn(chat.endpoint(), wrong)).isEqualTo("ERROR authentication failed");
        assertThat(clients.refusedSignIn(chat.endpoint(), new StompHeaders())).isEqualTo("ERROR authentication failed");
    }

    @Test
    @DisplayName("a client cannot SEND straight to a room's topic, nor SUBSCRIBE to every room through a wildcard: the broker's access rules refuse it")
    void theRoomsTopicsAreTheServers() throws Exception {
        StompSession alice = clients.signIn(chat.endpoint(), "alice");
        long room = createRoom(alice, "Guarded");
        Inbox members = ChatClients.subscribe(clients.signIn(chat.endpoint(), "bob"), "/subscribe/chat/room/" + room);
        Errors forgers = new Errors();
        StompSession forger = clients.signIn(chat.endpoint(), "carol", "carol-secret", forgers);

        ChatClients.send(forger, "/subscribe/chat/room/" + room,
                "{\"id\":\"x\",\"chatRoomId\":" + room + ",\"type\":\"MESSAGE\",\"writer\":\"alice\",\"message\":\"forged\"}");
        assertThat(forgers.next()).isEqualTo("ERROR access denied: You may not send to '/subscribe/chat/room/" + room + "'.");

        Errors listeners = new Errors();
        StompSession listener = clients.signIn(chat.endpoint(), "carol", "carol-secret", listeners);
        listener.subscribe("/subscribe/chat/room/*", new Inbox());
        assertThat(listeners.next()).isEqualTo("ERROR access denied: You may not subscribe to '/subscribe/chat/room/*'.");

        say(alice, room, "the real one");
        assertThat(members.next().json().get("message").asText()).as("nothing forged came first").isEqualTo("the real one");
    }

    /** Creates room {@code name} as {@code session}'s user and returns its id, once announced on the room list. */
    static long createRoom(StompSession session, String name) throws InterruptedException {
        Inbox list = ChatClients.subscribe(session, "/subscribe/chat/rooms");
        ChatClients.send(session, "/publish/chat/rooms", "{\"name\":\"" + name + "\"}");
        while (true) {
            JsonNode announced = list.next().json();
            if (announced.get("name").asText().equals(name)) {
                return announced.get("chatRoomId").asLong();
            }
        }
    }

    static void say(StompSession session, long room, String text) {
        ChatClients.send(session, "/publish/chat", "{\"chatRoomId\":" + room + ",\"type\":\"MESSAGE\",\"message\":\"" + text + "\"}");
    }

    private static String error(Inbox errors) throws InterruptedException {
        return errors.next().json().get("error").asText();
    }
}
