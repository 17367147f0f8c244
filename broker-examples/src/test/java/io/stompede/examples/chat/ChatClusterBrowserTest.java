package io.stompede.examples.chat;

import io.stompede.cluster.redis.RedisServer;
import io.stompede.examples.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of the chat on one Redis, a browser on each: one chat. Saves a screenshot. */
class ChatClusterBrowserTest {
    @Test
    @Timeout(180)
    void aMessageTypedOnInstanceOneAppearsOnInstanceTwoAndPresenceIsShared(@TempDir Path dir) throws Exception {
        TestChat.users(dir, "alice", "bob");
        try (Chromium chromium = Chromium.require();
             RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
             ChatServer one = TestChat.server(dir).cluster(redis.uri(), "chat-1").start();
             ChatServer two = TestChat.server(dir).cluster(redis.uri(), "chat-2").start()) {
            ChatPage alice = ChatPage.signIn(chromium.open(), one.pageUri(), "alice");
            alice.createRoom("Across");
            alice.awaitMembers("alice");
            ChatPage bob = ChatPage.signIn(chromium.open(), two.pageUri(), "bob");
            bob.enterRoom("Across");

            // Bob's ENTER went from instance 2 to alice's page on instance 1, so the room is
            // subscribed in Redis both ways before anyone types.
            alice.awaitMembers("alice", "bob");
            bob.awaitMembers("alice", "bob");
            alice.say("Typed on instance 1");
            bob.awaitMessage("alice: Typed on instance 1");
            bob.say("Read on instance 2");
            alice.awaitMessage("bob: Read on instance 2");
            Chromium.screenshot(bob.window(), "chat-cluster");

            chromium.close(bob.window());
            alice.awaitMembers("alice");
        }
    }
}
