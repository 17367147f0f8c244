package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.cluster.redis.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting the chat: a start that fails stops what it started; the address it prints is one to open. */
@Timeout(60)
class ChatStartTest {
    @TempDir
    Path dir;

    @Test
    void aSecondChatOnTheSameDataDirectoryFailsAndLeavesNothingRunning() throws Exception {
        TestChat.users(dir, "alice");
        try (ChatServer first = TestChat.server(dir).start()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            assertThatThrownBy(() -> TestChat.server(dir).start())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is in use by another store of this process");

            awaitNoThreadsBut(before);
            TestChat.connect(first, "alice").close();
        }
    }

    @Test
    void aSecondInstanceOfAClusterWithTheSameIdFailsAndLeavesNothingRunning() throws Exception {
        TestChat.users(dir, "alice");
        try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
             ChatServer first = TestChat.server(dir).cluster(redis.uri(), "chat-1").start()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            assertThatThrownBy(() -> TestChat.server(dir).cluster(redis.uri(), "chat-1").start())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("journal-chat-1");

            awaitNoThreadsBut(before);
            TestChat.connect(first, "alice").close();
        }
    }

    @Test
    void aChatWhosePortIsTakenFailsAndLeavesItsDataDirectoryFree() throws Exception {
        TestChat.users(dir, "alice");
        Path other = dir.resolve("other");
        try (ChatServer first = TestChat.server(dir).start()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            assertThatThrownBy(() -> TestChat.server(other).usersFile(dir.resolve("users"))
                    .webPort(first.webPort()).start())
                    .isInstanceOf(IOException.class);

            awaitNoThreadsBut(before);
        }
        // Its journal was closed: another chat opens that directory.
        try (ChatServer again = TestChat.server(other).usersFile(dir.resolve("users")).start()) {
            TestChat.connect(again, "alice").close();
        }
    }

    @Test
    void aChatOnEveryAddressGivesAnAddressToOpen() throws Exception {
        TestChat.users(dir);
        try (ChatServer chat = TestChat.server(dir).host("0.0.0.0").start()) {
            URI page = chat.pageUri();

            assertThat(chat.listensOnAllAddresses()).isTrue();
            assertThat(page).isEqualTo(URI.create("http://127.0.0.1:" + chat.webPort() + "/"));
            HttpURLConnection connection = (HttpURLConnection) page.toURL().openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            try (InputStream in = connection.getInputStream()) {
                assertThat(connection.getResponseCode()).isEqualTo(200);
                assertThat(new String(in.readAllBytes())).contains("<html");
            }
        }
    }

    /** Waits until every thread started since {@code before} has ended, as a failed start's must. */
    private static void awaitNoThreadsBut(Set<Thread> before) {
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread))
                        .map(Thread::getName).collect(Collectors.toList()))
                .as("threads left by the failed start").isEmpty());
    }
}
