package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.netty.StompServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatServerTest {
    private static final String CHAT = "{\"room\":5,\"author\":\"a\",\"text\":\"hi\"}";

    private StompServer server;

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(0, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aChatMessageSentToTheAppReachesEverySubscriberOfItsRoom() throws Exception {
        try (SocketClient alice = SocketClient.connect(server.tcpPort());
             SocketClient bob = SocketClient.connect(server.tcpPort());
             SocketClient otherRoom = SocketClient.connect(server.tcpPort());
             SocketClient author = SocketClient.connect(server.tcpPort())) {
            alice.subscribe("/topic/chat/room/5", "a");
            bob.subscribe("/topic/chat/room/5", "b");
            otherRoom.subscribe("/topic/chat/room/6", "c");

            author.sendAndAwaitReceipt(Frame.of(Command.SEND,
                    Headers.of("destination", "/app/chat", "content-type", "application/json"), CHAT));

            for (SocketClient member : new SocketClient[] {alice, bob}) {
                Frame message = member.read();
                assertThat(message.command()).isEqualTo(Command.MESSAGE);
                assertThat(message.header("destination")).isEqualTo("/topic/chat/room/5");
                assertThat(message.header("content-type")).isEqualTo("application/json");
                assertThat(message.bodyAsString()).isEqualTo(CHAT);
            }
            otherRoom.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", "/topic/ping")));
            assertThat(otherRoom.hasUnread()).as("room 6 hears nothing of room 5").isFalse();
        }
    }

    @Test
    void aMessageThatIsNotAChatMessageIsRefused() throws Exception {
        try (SocketClient client = SocketClient.connect(server.tcpPort())) {
            client.send(Frame.of(Command.SEND, Headers.of("destination", "/app/chat", "receipt", "r"), "not json"));

            Frame error = client.read();
            assertThat(error.command()).isEqualTo(Command.ERROR);
            assertThat(error.header("message")).startsWith("a chat message is JSON");
            assertThat(error.header("receipt-id")).isEqualTo("r");
        }
    }
}
