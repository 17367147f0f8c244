package io.stompede.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.examples.springchat.ChatClients.Received;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/** The Spring chat's rooms and history live in its data directory ({@code stompede.journal.data-dir}). */
@DisplayName("The Spring chat after a restart")
class SpringChatRestartTest {
    @Test
    @DisplayName("keeps its rooms, and a room's earlier messages for whoever enters it")
    void roomsAndHistorySurviveARestart(@TempDir Path dir) throws Exception {
        long room;
        try (SpringChat chat = SpringChat.start(dir); ChatClients clients = new ChatClients()) {
            StompSession alice = clients.signIn(chat.endpoint(), "alice");
            room = SpringChatTest.createRoom(alice, "Kept");
            ChatClients.Inbox members = ChatClients.subscribe(alice, "/subscribe/chat/room/" + room);
            SpringChatTest.say(alice, room, "before the restart");
            members.next();
        }

        try (SpringChat chat = SpringChat.start(dir); ChatClients clients = new ChatClients()) {
            StompSession bob = clients.signIn(chat.endpoint(), "bob");
            Received listed = ChatClients.subscribe(bob, withHistory("/subscribe/chat/rooms", 1000)).next();
            assertThat(listed.json().get("name").asText()).isEqualTo("Kept");
            Received earlier = ChatClients.subscribe(bob, withHistory("/subscribe/chat/room/" + room, 300)).next();
            assertThat(earlier.json().get("message").asText()).isEqualTo("before the restart");
            assertThat(earlier.json().get("writer").asText()).isEqualTo("alice");

            ChatClients.Inbox errors = ChatClients.subscribe(bob, "/user/queue/errors");
            ChatClients.send(bob, "/publish/chat/rooms", "{\"name\":\"Kept\"}");
            assertThat(errors.next().json().get("error").asText()).as("the room list was read back, not only replayed")
                    .isEqualTo("there is a room called Kept already");
        }
    }

    private static StompHeaders withHistory(String destination, int count) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.set("x-history", Integer.toString(count));
        return headers;
    }
}
