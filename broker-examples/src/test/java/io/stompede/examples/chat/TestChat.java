package io.stompede.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stompede.examples.SocketClient;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/** What the chat's tests share: users with known passwords, a server on free ports, JSON. */
final class TestChat {
    /** Fast hashes: the tests sign in often, and the default's cost is the point only in production. */
    static final int ITERATIONS = PasswordHash.MIN_ITERATIONS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestChat() {
    }

    static String password(String user) {
        return user + "-secret";
    }

    /** Writes a users file with these users, each with {@link #password}. */
    static Path users(Path dir, String... names) throws IOException {
        Path file = dir.resolve("users");
        UsersFile users = UsersFile.empty();
        for (String name : names) {
            users = users.withUser(name, PasswordHash.hash(password(name).toCharArray(), ITERATIONS), Set.of("chat"));
        }
        users.save(file);
        return file;
    }

    /** A chat on free ports with its data in {@code dir}, sign-up hashing fast. */
    static ChatServer.Builder server(Path dir) {
        return ChatServer.builder().tcpPort(0).webPort(0).dataDirectory(dir).passwordIterations(ITERATIONS);
    }

    static SocketClient connect(ChatServer chat, String user) throws IOException {
        return SocketClient.connect(chat.tcpPort(), user, password(user));
    }

    /** Creates a room through the chat's own destination and waits until the server has it. */
    static void createRoom(SocketClient client, String name) throws IOException {
        client.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", ChatDestinations.PUBLISH_ROOMS,
                "content-type", "application/json"), "{\"name\":\"" + name + "\"}"));
    }

    static void say(SocketClient client, long room, String text) throws IOException {
        client.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", ChatDestinations.PUBLISH_CHAT,
                "content-type", "application/json"),
                "{\"chatRoomId\":" + room + ",\"type\":\"MESSAGE\",\"message\":\"" + text + "\"}"));
    }

    static JsonNode json(Frame frame) {
        try {
            return JSON.readTree(frame.bodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
