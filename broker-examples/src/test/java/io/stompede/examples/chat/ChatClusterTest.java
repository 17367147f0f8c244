package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.cluster.redis.RedisServer;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.netty.StompServer;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of the chat on one real Redis share their rooms. */
class ChatClusterTest {
    private static final String CHAT = "{\"room\":5,\"author\":\"a\",\"text\":\"hi across\"}";

    @Test
    @Timeout(60)
    void aMessageSentToOneInstanceReachesTheRoomsMembersOnTheOther(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             StompServer one = ChatServer.start(0, 0, RedisClusterBus.builder(redis.uri()).nodeId("chat-1").build());
             StompServer two = ChatServer.start(0, 0, RedisClusterBus.builder(redis.uri()).nodeId("chat-2").build());
             SocketClient member = SocketClient.connect(two.tcpPort());
             SocketClient author = SocketClient.connect(one.tcpPort())) {
            member.subscribe("/topic/chat/room/5", "m");

            // Instance two subscribes in Redis asynchronously; pub/sub is at most once, so send until it arrives.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                author.sendAndAwaitReceipt(Frame.of(Command.SEND,
                        Headers.of("destination", "/app/chat", "content-type", "application/json"), CHAT));
                // Reads what reached the member before the answer to a frame of its own.
                member.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", "/topic/ping")));
                return member.hasUnread();
            });

            Frame message = member.read();
            assertThat(message.command()).isEqualTo(Command.MESSAGE);
            assertThat(message.header("destination")).isEqualTo("/topic/chat/room/5");
            assertThat(message.bodyAsString()).isEqualTo(CHAT);
        }
    }
}
